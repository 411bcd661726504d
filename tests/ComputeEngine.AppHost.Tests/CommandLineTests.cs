namespace ComputeEngine.AppHost.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void No_options_mean_the_documented_defaults()
    {
        var options = CommandLine.Parse([]);

        Assert.Equal(new AppHostOptions(), options);
        Assert.Equal((7071, 5000, 10000, 10001, 10002, 4), (options.OrchestratorPort, options.DashboardPort, options.BlobPort, options.QueuePort, options.TablePort, options.MaxReplicas));
    }

    [Fact]
    public void Options_take_values_after_a_space_or_an_equals_sign()
    {
        var options = CommandLine.Parse(["--demo", "200", "--in-memory", "--max-replicas=2", "--cooldown", "0", "--otlp", "http://localhost:4317", "--no-dashboard"]);

        Assert.Equal(200, options.Demo);
        Assert.True(options.InMemory);
        Assert.Equal(2, options.MaxReplicas);
        Assert.Equal(0, options.CooldownPeriod);
        Assert.Equal(new Uri("http://localhost:4317"), options.Otlp);
        Assert.False(options.Dashboard);
    }

    [Theory]
    [InlineData("--demo", "many", "--demo must be a positive whole number")]
    [InlineData("--blob-port", "70000", "--blob-port must be a port")]
    [InlineData("--otlp", "collector", "--otlp must be an absolute URL")]
    [InlineData("--bogus", "1", "unknown option --bogus")]
    public void A_bad_option_is_named_in_the_error(string name, string value, string message)
    {
        var error = Assert.Throws<FormatException>(() => CommandLine.Parse([name, value]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_without_its_value_is_an_error()
    {
        Assert.Contains("--demo needs a value", Assert.Throws<FormatException>(() => CommandLine.Parse(["--demo"])).Message, StringComparison.Ordinal);
    }
}
