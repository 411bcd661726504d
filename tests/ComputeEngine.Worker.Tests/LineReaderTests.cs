using System.Text;
using ComputeEngine.Worker.Algorithms;

namespace ComputeEngine.Worker.Tests;

/// <summary>Reading a persistent process's responses: whole lines up to the bound, never more held.</summary>
public sealed class LineReaderTests
{
    [Fact]
    public async Task Lines_up_to_the_bound_come_whole_across_reads_and_a_longer_one_is_refused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string[] lines = ["a", "", new string('b', 100), "c", new string('d', 60), "é"];
        var data = string.Join('\n', lines) + "\n" + new string('e', 101) + "\n";
        // The buffer starts at limit + 1 bytes, so these lines straddle reads.
        var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(data)), limit: 100);

        foreach (var expected in lines)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            Assert.Equal(expected, Encoding.UTF8.GetString(line!.Value.Span));
        }

        await Assert.ThrowsAsync<LineTooLongException>(() => reader.ReadLineAsync(timeout.Token));
    }

    [Fact]
    public async Task The_end_of_the_stream_is_null_even_after_an_unfinished_line()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reader = new LineReader(new MemoryStream("{\"id\":1}\n{\"id\":2"u8.ToArray()), limit: 1024);

        Assert.Equal("{\"id\":1}", Encoding.UTF8.GetString((await reader.ReadLineAsync(timeout.Token))!.Value.Span));
        Assert.Null(await reader.ReadLineAsync(timeout.Token));
    }
}
