using System.Globalization;
using System.Text;

namespace ComputeEngine.Dashboard.Components.Jobs;

/// <summary>The start request of a demo job: N items of the default algorithm, or N sleeps.</summary>
public static class StartBody
{
    public static string For(int items, int sleepMilliseconds)
    {
        if (sleepMilliseconds <= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $$"""{"inputCount":{{items}}}""");
        }

        var input = string.Create(CultureInfo.InvariantCulture, $$"""{"ms":{{sleepMilliseconds}}}""");
        var body = new StringBuilder("""{"algorithm":"sleep","inputs":[""");
        for (var i = 0; i < items; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(input);
        }

        return body.Append("]}").ToString();
    }
}
