namespace ComputeEngine.Worker.Algorithms;

/// <summary>How an external-process algorithm is run (<c>Worker:Processes:{name}:Mode</c>).</summary>
public enum ProcessMode
{
    /// <summary>One process per item: the input on stdin, the output on stdout, then it exits. Any program works.</summary>
    PerItem,

    /// <summary>
    /// Long-lived processes, up to one per concurrent item, fed one JSON line per item (see <see cref="ProcessSession"/>):
    /// the start-up (half a second of CPU for Python) is paid once per process, not per item.
    /// </summary>
    Persistent,
}
