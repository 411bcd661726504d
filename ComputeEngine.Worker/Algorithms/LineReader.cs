namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// Reads newline-terminated lines from a stream without ever holding more than a bound: a program that
/// writes an endless line costs the worker at most <c>limit</c> bytes, not its memory.
/// </summary>
public sealed class LineReader(Stream source, int limit)
{
    private byte[] _buffer = new byte[Math.Min(limit + 1, 64 * 1024)];
    private int _start;
    private int _end;

    /// <summary>The next line without its newline (valid until the next call), or null at the end of the stream.</summary>
    /// <exception cref="LineTooLongException">The line is longer than the limit.</exception>
    public async Task<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searched, _end - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, searched + newline - _start);
                _start = searched + newline + 1;
                return line;
            }

            if (_end - _start > limit)
            {
                throw new LineTooLongException();
            }

            MakeRoom();
            searched = _end;
            var read = await source.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            // The previous line was handed out; its bytes are no longer needed.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(limit + 1, _buffer.Length * 2));
        }
    }
}

/// <summary>A program wrote a line longer than the reader's bound.</summary>
public sealed class LineTooLongException() : Exception("The line is longer than its bound.");
