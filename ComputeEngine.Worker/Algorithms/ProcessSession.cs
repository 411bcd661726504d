using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// One long-lived algorithm process speaking the line protocol, one item at a time: the worker writes
/// <c>{"id":n,"input":…}</c> on stdin and reads <c>{"id":n,"output":…}</c> or
/// <c>{"id":n,"error":{"type":…,"message":…,"permanent":bool}}</c> from stdout; stderr is kept per item
/// (its tail explains a failure). Whatever leaves the protocol in doubt — an exit, a cancellation (the item
/// timeout), an oversized or garbled line — kills the process and marks the session broken, so the pool
/// starts a fresh one for the next item and only the item it held fails.
/// </summary>
public sealed class ProcessSession : IDisposable
{
    private const int StderrTailBytes = 1024;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    private readonly string _name;
    private readonly ProcessAlgorithmOptions _options;
    private readonly Process _process;
    private readonly LineReader _stdout;
    private readonly BoundedCapture _stderr = new(StderrTailBytes, keepTail: true);
    private readonly Task _stderrPump;
    private long _lastId;

    private ProcessSession(string name, ProcessAlgorithmOptions options, Process process)
    {
        _name = name;
        _options = options;
        _process = process;
        _stdout = new LineReader(process.StandardOutput.BaseStream, options.MaxOutputBytes);
        _stderrPump = Task.Run(() => _stderr.CopyFromAsync(process.StandardError.BaseStream, CancellationToken.None));
    }

    public int ProcessId => _process.Id;

    /// <summary>Why the process was given up (null while it can take another item).</summary>
    public string? BrokenBecause { get; private set; }

    public static ProcessSession Start(string name, ProcessAlgorithmOptions options)
    {
        var info = new ProcessStartInfo(options.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in options.Arguments)
        {
            info.ArgumentList.Add(ProcessArguments.Expand(argument));
        }

        // The same explicit environment as one process per item: never the worker's storage credentials.
        info.Environment.Clear();
        foreach (var key in ProcessAlgorithm.Inherited)
        {
            if (Environment.GetEnvironmentVariable(key) is { } value)
            {
                info.Environment[key] = value;
            }
        }

        foreach (var (key, value) in options.Environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name}: {options.Command} did not start.");
        return new ProcessSession(name, options, process);
    }

    public async Task<JsonElement> RunAsync(JsonElement input, CancellationToken cancellationToken)
    {
        var id = ++_lastId;
        _stderr.Clear();
        // Killing the process ends a read or write the token alone might not interrupt.
        using var cancelled = cancellationToken.Register(() => Break("the item was cancelled (Worker:ItemTimeout or shutdown)"));
        ReadOnlyMemory<byte>? line;
        try
        {
            await WriteRequestAsync(id, input, cancellationToken);
            line = await _stdout.ReadLineAsync(cancellationToken);
        }
        catch (LineTooLongException)
        {
            Break("an output line longer than MaxOutputBytes");
            throw new PermanentFailureException($"{_name} wrote more than {_options.MaxOutputBytes} bytes of output (Worker:Processes:{_name}:MaxOutputBytes).");
        }
        catch (IOException)
        {
            // Writing to a process that already exited (or was just killed by the cancellation): a broken pipe.
            line = null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (line is null)
        {
            throw await ExitedAsync();
        }

        return Parse(id, line.Value);
    }

    /// <summary>Closes stdin, which asks a protocol-speaking process to exit once its item (if any) is done.</summary>
    public void BeginStop()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits up to <paramref name="grace"/> for the process to exit on its own, then kills it.</summary>
    public void Stop(TimeSpan grace)
    {
        BeginStop();
        if (!_process.WaitForExit(grace))
        {
            Break("the worker stopping");
        }
    }

    public void Dispose()
    {
        Break(BrokenBecause ?? "disposed");
        _process.Dispose();
    }

    private async Task WriteRequestAsync(long id, JsonElement input, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Compact: one request is one line, whatever whitespace the input arrived with.
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WritePropertyName("input");
            input.WriteTo(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        var stdin = _process.StandardInput.BaseStream;
        await stdin.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stdin.FlushAsync(cancellationToken);
    }

    private JsonElement Parse(long id, ReadOnlyMemory<byte> line)
    {
        JsonElement response;
        try
        {
            using var document = JsonDocument.Parse(line);
            response = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Garbled($"a line that is not JSON: {Preview(line)}");
        }

        if (response.ValueKind != JsonValueKind.Object || !response.TryGetProperty("id", out var echoed) || !echoed.TryGetInt64(out var answered) || answered != id)
        {
            throw Garbled($"a line that does not answer request {id}: {Preview(line)}");
        }

        if (response.TryGetProperty("output", out var output))
        {
            return output;
        }

        if (response.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var type = error.TryGetProperty("type", out var t) ? t.ToString() : "Error";
            var message = $"{_name}: {type}: {(error.TryGetProperty("message", out var m) ? m.ToString() : "")}".TrimEnd();
            throw error.TryGetProperty("permanent", out var permanent) && permanent.ValueKind == JsonValueKind.True
                ? new PermanentFailureException(message)
                : new AlgorithmProcessException(message);
        }

        throw Garbled($"a response with neither output nor error: {Preview(line)}");
    }

    private AlgorithmProcessException Garbled(string what)
    {
        Break("a line outside the protocol");
        return new AlgorithmProcessException($"{_name} wrote {what}");
    }

    private async Task<AlgorithmProcessException> ExitedAsync()
    {
        Break("the process exited");
        // Its stderr ends with it: wait for the last of it, which is what explains the exit.
        await Task.WhenAny(_stderrPump, Task.Delay(ExitWait));
        var code = _process.WaitForExit(ExitWait) ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown";
        return new AlgorithmProcessException($"{_name} exited with code {code}: {_stderr.Text.Trim()}");
    }

    private void Break(string reason)
    {
        BrokenBecause ??= reason;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }

    private static string Preview(ReadOnlyMemory<byte> line) =>
        Encoding.UTF8.GetString(line.Span[..Math.Min(line.Length, 200)]);
}

/// <summary>An external algorithm failed an attempt (an error it reported, or its process died): the item is retried.</summary>
public sealed class AlgorithmProcessException(string message) : Exception(message);
