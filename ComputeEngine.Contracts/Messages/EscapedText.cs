using System.Text;
using System.Text.Json;

namespace ComputeEngine.Contracts.Messages;

/// <summary>
/// Cuts text to what it takes once written as JSON: the encoder writes a non-ASCII character (and
/// <c>&lt;&gt;&amp;'"+</c>) as six bytes, and queue messages and Table properties limit the written form.
/// </summary>
public static class EscapedText
{
    private const char Ellipsis = '…';

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxChars"/> characters and
    /// <paramref name="maxEscapedBytes"/> bytes as JSON, a cut marked with an ellipsis. A surrogate pair is
    /// never split; a lone surrogate (left by an earlier cut) becomes U+FFFD, which a JSON writer refuses.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="maxChars">Most characters kept.</param>
    /// <param name="maxEscapedBytes">Most bytes the kept text takes as JSON.</param>
    /// <returns>The text, whole or cut.</returns>
    public static string Cut(string text, int maxChars, int maxEscapedBytes)
    {
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToList();
        var whole = string.Concat(runes);
        if (whole.Length <= maxChars && EscapedBytes(whole) <= maxEscapedBytes)
        {
            return whole;
        }

        var kept = new StringBuilder();
        var bytes = EscapedBytes(Ellipsis.ToString());
        foreach (var rune in runes)
        {
            var cost = EscapedBytes(rune);
            if (kept.Length + rune.Length > maxChars || bytes + cost > maxEscapedBytes)
            {
                break;
            }

            kept.Append(rune);
            bytes += cost;
        }

        return kept.Append(Ellipsis).ToString();
    }

    private static int EscapedBytes(string text) => JsonEncodedText.Encode(text).EncodedUtf8Bytes.Length;
}
