using System.Text.Json;
using ComputeEngine.Worker.Algorithms;
using Microsoft.Extensions.Time.Testing;

namespace ComputeEngine.Worker.Tests;

public sealed class AlgorithmTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static Microsoft.Extensions.Options.IOptions<WorkerOptions> Faults(bool on) =>
        Microsoft.Extensions.Options.Options.Create(new WorkerOptions { FaultInjection = on });

    [Theory]
    [InlineData("""{"ms":0,"fail":true}""", "fail")]
    [InlineData("""{"ms":0,"hangUntil":"2999-01-01T00:00:00Z"}""", "hangUntil")]
    [InlineData("""{"ms":0,"failWhileExists":"/etc/passwd"}""", "failWhileExists")]
    [InlineData("""{"ms":0,"waitWhileExists":"/etc/hostname"}""", "waitWhileExists")]
    public async Task A_production_worker_refuses_sleeps_fault_injection_and_runs_plain_sleeps(string input, string fault)
    {
        var sleep = new SleepAlgorithm(TimeProvider.System, Faults(on: false));

        var refused = await Assert.ThrowsAsync<PermanentFailureException>(() => sleep.RunAsync(Json(input), CancellationToken.None).AsTask());
        var plain = await sleep.RunAsync(Json("""{"ms":1,"tag":"demo"}"""), CancellationToken.None);

        Assert.Contains($"'{fault}'", refused.Message, StringComparison.Ordinal);
        Assert.Equal("""{"sleptMs":1,"tag":"demo"}""", plain.GetRawText());
    }

    [Theory]
    [InlineData("[1,1]", "2")]
    [InlineData("[]", "0")]
    [InlineData("[1.5,2]", "3.5")]
    [InlineData("[9007199254740993,0]", "9007199254740993")]
    public async Task Sum_adds_the_numbers_of_an_array(string input, string expected)
    {
        var output = await new SumAlgorithm().RunAsync(Json(input), CancellationToken.None);

        Assert.Equal(expected, output.GetRawText());
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("[1,\"x\"]")]
    [InlineData("3")]
    public async Task Sum_rejects_other_input_permanently(string input)
    {
        await Assert.ThrowsAsync<PermanentFailureException>(() => new SumAlgorithm().RunAsync(Json(input), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Sleep_fails_until_its_fault_time_has_passed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var sleep = new SleepAlgorithm(clock, Faults(on: true));
        var input = Json("{\"ms\":0,\"failUntil\":\"2026-11-24T10:00:05Z\"}");

        await Assert.ThrowsAsync<InvalidOperationException>(() => sleep.RunAsync(input, CancellationToken.None).AsTask());
        clock.Advance(TimeSpan.FromSeconds(6));
        var output = await sleep.RunAsync(input, CancellationToken.None);

        Assert.Equal(0, output.GetProperty("sleptMs").GetInt32());
    }

    [Fact]
    public async Task Sleep_fails_with_the_error_it_is_given_while_its_fault_file_exists()
    {
        var sleep = new SleepAlgorithm(TimeProvider.System, Faults(on: true));
        var fault = Path.Combine(Directory.CreateTempSubdirectory("fault-").FullName, "on");
        await File.WriteAllTextAsync(fault, "");
        var input = Json($"{{\"ms\":0,\"tag\":3,\"error\":\"ошибка <1>\",\"failWhileExists\":{JsonSerializer.Serialize(fault)}}}");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sleep.RunAsync(input, CancellationToken.None).AsTask());
        File.Delete(fault);
        var output = await sleep.RunAsync(input, CancellationToken.None);

        Assert.Equal("ошибка <1>", error.Message);
        Assert.Equal("{\"sleptMs\":0,\"tag\":3}", output.GetRawText());
    }

    [Fact]
    public async Task Sleep_keeps_working_while_its_wait_file_exists_until_cancelled_or_the_file_is_gone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sleep = new SleepAlgorithm(TimeProvider.System, Faults(on: true));
        var gate = Path.Combine(Directory.CreateTempSubdirectory("gate-").FullName, "on");
        await File.WriteAllTextAsync(gate, "", timeout.Token);
        var input = Json($"{{\"ms\":0,\"tag\":1,\"waitWhileExists\":{JsonSerializer.Serialize(gate)}}}");
        using var release = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        var released = sleep.RunAsync(input, release.Token).AsTask();
        var waiting = sleep.RunAsync(input, timeout.Token).AsTask();
        Assert.False(released.IsCompleted || waiting.IsCompleted);
        await release.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => released);
        Assert.False(waiting.IsCompleted);
        File.Delete(gate);

        Assert.Equal("{\"sleptMs\":0,\"tag\":1}", (await waiting).GetRawText());
    }

    [Fact]
    public async Task Sleep_hangs_while_its_hang_file_exists_even_when_cancelled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sleep = new SleepAlgorithm(TimeProvider.System, Faults(on: true));
        var stuck = Path.Combine(Directory.CreateTempSubdirectory("hang-").FullName, "on");
        await File.WriteAllTextAsync(stuck, "", timeout.Token);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var hanging = sleep.RunAsync(Json($"{{\"ms\":0,\"hangWhileExists\":{JsonSerializer.Serialize(stuck)}}}"), cancelled.Token).AsTask();
        Assert.False(hanging.IsCompleted);
        File.Delete(stuck);

        var ended = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging.WaitAsync(timeout.Token));
        Assert.Equal(cancelled.Token, ended.CancellationToken);
    }

    [Fact]
    public async Task An_external_process_gets_the_input_on_stdin_and_gives_the_output_on_stdout()
    {
        var algorithm = new ProcessAlgorithm("double", new ProcessAlgorithmOptions
        {
            Command = "sh",
            Arguments = ["-c", "read x; echo \"{\\\"got\\\": $x}\""],
        });

        var output = await algorithm.RunAsync(Json("[1,2]"), CancellationToken.None);

        Assert.Equal("[1,2]", output.GetProperty("got").GetRawText());
    }

    [Fact]
    public async Task An_external_process_that_fails_reports_its_exit_code_and_stderr()
    {
        var algorithm = new ProcessAlgorithm("broken", new ProcessAlgorithmOptions
        {
            Command = "sh",
            Arguments = ["-c", "echo 'model not found' >&2; exit 3"],
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => algorithm.RunAsync(Json("1"), CancellationToken.None).AsTask());

        Assert.Contains("code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("model not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_external_process_that_writes_no_json_fails_permanently()
    {
        var algorithm = new ProcessAlgorithm("chatty", new ProcessAlgorithmOptions { Command = "sh", Arguments = ["-c", "echo hello"] });

        await Assert.ThrowsAsync<PermanentFailureException>(() => algorithm.RunAsync(Json("1"), CancellationToken.None).AsTask());
    }
}
