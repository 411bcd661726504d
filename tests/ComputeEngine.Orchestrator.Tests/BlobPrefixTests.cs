using System.Net;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>A blob-prefix job runs the blobs that matched when it started, and a prefix that can't be a job is a 400.</summary>
[Collection(ApiCollection.Name)]
public sealed class BlobPrefixTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_prefix_that_matches_no_blob_is_a_400_and_starts_nothing()
    {
        using var timeout = Api.Timeout();
        var id = Api.NewId("prefix-none");
        var http = fixture.App.Http();

        var reply = await http.CallAsync(HttpMethod.Post, $"{Api.StartRoute}/{id}", timeout.Token, Api.Json($$"""{"inputBlobPrefix":"nothing-here/{{id}}/"}"""));

        reply.IsProblem(HttpStatusCode.BadRequest, "inputBlobPrefix");
        (await http.StatusAsync(id, timeout.Token)).Is(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_prefix_that_matches_more_blobs_than_a_job_may_hold_is_a_400()
    {
        using var timeout = Api.Timeout();
        var id = Api.NewId("prefix-many");
        var prefix = await UploadAsync(id, ApiFixture.MaxItemsPerJob + 1, timeout.Token);
        var http = fixture.Limited.Http();

        var reply = await http.CallAsync(HttpMethod.Post, $"{Api.StartRoute}/{id}", timeout.Token, Api.Json($$"""{"inputBlobPrefix":"{{prefix}}"}"""));

        reply.IsProblem(HttpStatusCode.BadRequest, ApiFixture.MaxItemsPerJob.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Inputs_a_job_owns_outlive_its_restart_under_the_same_id_and_go_with_its_purge()
    {
        using var timeout = Api.Timeout();
        var id = Api.NewId("prefix-owned");
        var prefix = await UploadAsync(id, 3, timeout.Token);
        var http = fixture.App.Http();
        await http.StartJobAsync($$"""{"inputBlobPrefix":"{{prefix}}","purgeInputs":true}""", timeout.Token, id);
        await http.TerminateAsync(id, timeout.Token);

        (await http.PostReplyAsync($"{Api.Instances}/{id}/restart?restartWithNewInstanceId=false", timeout.Token)).Is(HttpStatusCode.Accepted);
        Assert.Equal(3, (await fixture.Storage.BlobNamesAsync(StorageNames.InputContainer, prefix, timeout.Token)).Count);
        await http.TerminateAsync(id, timeout.Token);
        (await http.DeleteReplyAsync($"{Api.Instances}/{id}", timeout.Token)).Is(HttpStatusCode.OK);

        Assert.Empty(await fixture.Storage.BlobNamesAsync(StorageNames.InputContainer, prefix, timeout.Token));
    }

    [Fact]
    public async Task Blobs_added_or_deleted_after_the_start_do_not_shift_the_job_s_inputs()
    {
        using var timeout = Api.Timeout();
        var id = Api.NewId("prefix-snapshot");
        var prefix = await UploadAsync(id, 4, timeout.Token);
        var http = fixture.App.Http();
        await http.StartJobAsync($$"""{"inputBlobPrefix":"{{prefix}}","batchSize":2}""", timeout.Token, id);
        var started = (await http.StatusAsync(id, timeout.Token)).IsJson(HttpStatusCode.Accepted);

        var container = fixture.Storage.Clients.Container(StorageNames.InputContainer);
        await container.UploadBlobAsync($"{prefix}0-first.json", BinaryData.FromString("[9]"), timeout.Token);
        await container.DeleteBlobAsync($"{prefix}item-2.json", cancellationToken: timeout.Token);
        await http.WaitForFanOutAsync(id, timeout.Token);

        Assert.Equal(4, started.GetProperty("customStatus").GetProperty("total").GetInt32());
        for (var i = 0; i < 4; i++)
        {
            var item = (await http.GetReplyAsync($"/api/instances/{id}/items/{i}", timeout.Token)).IsJson(HttpStatusCode.OK);
            Assert.Equal($"{prefix}item-{i}.json", item.GetProperty("inputBlob").GetString());
        }

        (await http.GetReplyAsync($"/api/instances/{id}/items/4", timeout.Token)).IsProblem(HttpStatusCode.NotFound);
    }

    private async Task<string> UploadAsync(string id, int count, CancellationToken cancellationToken)
    {
        var prefix = $"user-data/{id}/";
        var container = fixture.Storage.Clients.Container(StorageNames.InputContainer);
        for (var i = 0; i < count; i++)
        {
            await container.UploadBlobAsync($"{prefix}item-{i}.json", BinaryData.FromString("[1,1]"), cancellationToken);
        }

        return prefix;
    }
}
