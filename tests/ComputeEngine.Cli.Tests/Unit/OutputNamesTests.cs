using ComputeEngine.Cli.Output;

namespace ComputeEngine.Cli.Tests.Unit;

public sealed class OutputNamesTests
{
    [Theory]
    [InlineData(7, 10, "7.json")]
    [InlineData(7, 11, "07.json")]
    [InlineData(42, 1000, "042.json")]
    [InlineData(0, 1, "0.json")]
    [InlineData(3, -1, "3.json")]
    public void Items_are_named_by_id_padded_so_they_sort_in_order(int itemId, int total, string expected) =>
        Assert.Equal(expected, OutputNames.ForItem(itemId, total));

    [Theory]
    [InlineData("uploads/abc/a.json", "uploads/abc/", "a.json")]
    [InlineData("uploads/abc/sub/b.json", "uploads/abc/", "sub/b.json")]
    [InlineData("data/2026/x.json", "data/20", "2026/x.json")]
    public void An_uploaded_input_names_its_output_by_its_path_below_the_prefix(string blob, string prefix, string expected) =>
        Assert.Equal(expected, OutputNames.ForInputBlob(blob, prefix));

    [Theory]
    [InlineData("uploads/abc/../../etc/passwd")]
    [InlineData("uploads/abc//x.json")]
    [InlineData("uploads/abc/")]
    [InlineData("uploads/abc/a\\b.json")]
    public void An_input_name_that_could_escape_the_folder_is_not_used(string blob) =>
        Assert.Null(OutputNames.ForInputBlob(blob, "uploads/abc/"));
}
