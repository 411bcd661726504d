using ComputeEngine.Worker.Processing;

namespace ComputeEngine.Worker.Tests;

public sealed class WorkMessageParserTests
{
    [Fact]
    public void A_well_formed_message_is_read()
    {
        var work = WorkMessageParser.Parse(BinaryData.FromString(
            """{"instanceId":"job-1","batch":2,"generation":0,"algorithm":"sum","firstIndex":20,"count":2,"inputs":[[1,1],[2,2]]}"""));

        Assert.NotNull(work);
        Assert.Equal(("job-1", 2, 20, 2), (work.InstanceId, work.Batch, work.FirstIndex, work.Count));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"instanceId":"../etc","batch":0,"generation":0,"algorithm":"sum","firstIndex":0,"count":1,"inputs":[1]}""")]
    [InlineData("""{"instanceId":"job","batch":-1,"generation":0,"algorithm":"sum","firstIndex":0,"count":1,"inputs":[1]}""")]
    [InlineData("""{"instanceId":"job","batch":0,"generation":0,"algorithm":"sum","firstIndex":0,"count":0,"inputs":[]}""")]
    [InlineData("""{"instanceId":"job","batch":0,"generation":0,"algorithm":"sum","firstIndex":0,"count":101,"inputsBlob":"b"}""")]
    [InlineData("""{"instanceId":"job","batch":0,"generation":0,"algorithm":"sum","firstIndex":0,"count":2,"inputs":[1]}""")]
    [InlineData("""{"instanceId":"job","batch":0,"generation":0,"algorithm":"sum","firstIndex":0,"count":1}""")]
    [InlineData("""{"instanceId":"job","batch":0,"generation":0,"algorithm":"sum","firstIndex":0,"count":1,"inputs":[1],"inputsBlob":"b"}""")]
    [InlineData("""{"instanceId":"job","batch":0,"generation":0,"algorithm":"","firstIndex":0,"count":1,"inputs":[1]}""")]
    [InlineData("""{"instanceId":null,"batch":0,"generation":0,"algorithm":"sum","firstIndex":0,"count":1,"inputs":[1]}""")]
    public void A_malformed_message_is_rejected(string body)
    {
        Assert.Null(WorkMessageParser.Parse(BinaryData.FromString(body)));
    }
}
