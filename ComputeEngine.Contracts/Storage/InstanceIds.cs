using System.Text.RegularExpressions;

namespace ComputeEngine.Contracts.Storage;

/// <summary>The rule for instance ids: safe as a table key, a blob prefix and a URL segment.</summary>
public static partial class InstanceIds
{
    /// <summary>The longest instance id accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>A new random instance id, in the Durable Functions style (32 hex digits).</summary>
    /// <returns>The id.</returns>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>Whether <paramref name="id"/> may be used as an instance id.</summary>
    /// <param name="id">The candidate.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>A description of the rule, for error messages.</summary>
    public const string Rule = "1 to 100 characters of letters, digits, '-', '_' and '.'; not starting with '.'";

    [GeneratedRegex(@"^[A-Za-z0-9_\-][A-Za-z0-9_\-.]{0,99}$")]
    private static partial Regex Pattern();
}
