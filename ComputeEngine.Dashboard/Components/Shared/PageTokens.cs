namespace ComputeEngine.Dashboard.Components.Shared;

/// <summary>Continuation-token paging: the token of each page visited, so Previous can go back.</summary>
public sealed class PageTokens
{
    private readonly Stack<string?> _previous = new();

    /// <summary>The token that loads the current page (null for the first).</summary>
    public string? Current { get; private set; }

    /// <summary>The token of the page after the current one, from the last load.</summary>
    public string? Next { get; set; }

    public int Page => _previous.Count + 1;

    public bool HasPrevious => _previous.Count > 0;

    public bool HasNext => Next is not null;

    public void MoveNext()
    {
        if (Next is null)
        {
            return;
        }

        _previous.Push(Current);
        (Current, Next) = (Next, null);
    }

    public void MovePrevious()
    {
        if (_previous.Count > 0)
        {
            (Current, Next) = (_previous.Pop(), null);
        }
    }

    public void Reset()
    {
        _previous.Clear();
        (Current, Next) = (null, null);
    }
}
