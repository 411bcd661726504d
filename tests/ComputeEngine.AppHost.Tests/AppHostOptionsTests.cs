using Microsoft.Extensions.Configuration;

namespace ComputeEngine.AppHost.Tests;

public sealed class AppHostOptionsTests
{
    [Fact]
    public void Options_after_the_double_dash_are_read_as_configuration_keys()
    {
        var options = Read("--demo", "200", "--in-memory", "true", "--max-replicas=2", "--cooldown", "0", "--otlp", "http://localhost:4317", "--api-key", "s3cret");

        Assert.Equal(200, options.Demo);
        Assert.True(options.InMemory);
        Assert.Equal(2, options.MaxReplicas);
        Assert.Equal(0, options.CooldownPeriod);
        Assert.Equal(new Uri("http://localhost:4317"), options.Otlp);
        Assert.Equal("s3cret", options.ApiKey);
    }

    [Fact]
    public void Without_options_the_system_is_where_users_know_it()
    {
        var options = Read();

        Assert.Equal((7071, 5000, 10000, 10001, 10002), (options.OrchestratorPort, options.DashboardPort, options.BlobPort, options.QueuePort, options.TablePort));
        Assert.Equal((null, false, true, 4), (options.Demo, options.InMemory, options.Dashboard, options.MaxReplicas));
    }

    [Theory]
    [InlineData("--demo", "0", "--demo must be a whole number of at least 1, not '0'")]
    [InlineData("--in-memory", "yes", "--in-memory must be true or false, not 'yes'")]
    [InlineData("--otlp", "collector", "--otlp must be an absolute URL, not 'collector'")]
    public void A_bad_value_is_one_message_naming_the_option(string key, string value, string message)
    {
        var error = Assert.Throws<AppHostException>(() => Read(key, value));

        Assert.Equal(message, error.Message);
    }

    private static AppHostOptions Read(params string[] args) =>
        AppHostOptions.From(new ConfigurationBuilder().AddCommandLine(args).Build());
}
