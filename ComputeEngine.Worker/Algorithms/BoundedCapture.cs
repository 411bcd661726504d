using System.Text;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// Reads a process's output stream keeping at most a fixed number of bytes: the first ones (an output,
/// which is failed past the bound) or the last ones (the tail of stderr, which is what explains a crash).
/// </summary>
public sealed class BoundedCapture(int limit, bool keepTail)
{
    // A persistent process's stderr is pumped while the item's failure reads it and the next item clears it.
    private readonly Lock _gate = new();
    private byte[] _kept = [];
    private int _length;

    /// <summary>Raised once when more than the limit arrived and the head is being kept.</summary>
    public event Action? Exceeded;

    public bool IsExceeded { get; private set; }

    public ReadOnlyMemory<byte> Bytes => _kept.AsMemory(0, _length);

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(Bytes.Span);
            }
        }
    }

    /// <summary>Forgets what was kept: a persistent process's stderr tail is per item.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _length = 0;
        }
    }

    public async Task CopyFromAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (keepTail)
            {
                lock (_gate)
                {
                    KeepTail(buffer.AsSpan(0, read));
                }
            }
            else if (!IsExceeded && _length + read > limit)
            {
                IsExceeded = true;
                Exceeded?.Invoke();
            }
            else if (!IsExceeded)
            {
                Append(buffer.AsSpan(0, read));
            }
        }
    }

    private void KeepTail(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= limit)
        {
            _length = 0;
            Append(chunk[^limit..]);
            return;
        }

        var overflow = _length + chunk.Length - limit;
        if (overflow > 0)
        {
            _kept.AsSpan(overflow, _length - overflow).CopyTo(_kept);
            _length -= overflow;
        }

        Append(chunk);
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (_length + chunk.Length > _kept.Length)
        {
            Array.Resize(ref _kept, Math.Max(_length + chunk.Length, Math.Min(limit, Math.Max(4096, _kept.Length * 2))));
        }

        chunk.CopyTo(_kept.AsSpan(_length));
        _length += chunk.Length;
    }
}
