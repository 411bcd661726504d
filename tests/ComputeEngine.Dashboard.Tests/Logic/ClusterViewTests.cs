using System.Net;
using System.Text;
using ComputeEngine.Dashboard.Cluster;
using k8s.Models;

namespace ComputeEngine.Dashboard.Tests.Logic;

// The Kubernetes API itself cannot be reached here: these tests cover how pods and nodes are read, not the client.
public sealed class ClusterViewTests
{
    private static V1Pod Pod(string name, string phase, bool ready, bool deleting = false, string? waiting = null, int restarts = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, DeletionTimestamp = deleting ? DateTime.UtcNow : null },
        Spec = new V1PodSpec { NodeName = "aks-compute-1" },
        Status = new V1PodStatus
        {
            Phase = phase,
            StartTime = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc),
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "worker", RestartCount = restarts, Image = "worker", ImageID = "", Ready = ready,
                    State = new V1ContainerState { Waiting = waiting is null ? null : new V1ContainerStateWaiting { Reason = waiting } },
                },
            ],
        },
    };

    [Fact]
    public void Pods_are_starting_until_running_and_ready_and_stopping_once_deleted()
    {
        Assert.Equal(ReplicaPhase.Starting, KubernetesMapping.ToReplica(Pod("a", "Pending", false, waiting: "ContainerCreating")).Phase);
        Assert.Equal(ReplicaPhase.Starting, KubernetesMapping.ToReplica(Pod("b", "Running", false)).Phase);
        Assert.Equal(ReplicaPhase.Running, KubernetesMapping.ToReplica(Pod("c", "Running", true)).Phase);
        Assert.Equal(ReplicaPhase.Stopping, KubernetesMapping.ToReplica(Pod("d", "Running", true, deleting: true)).Phase);
        Assert.Equal(ReplicaPhase.Stopped, KubernetesMapping.ToReplica(Pod("e", "Failed", false)).Phase);
    }

    [Fact]
    public void A_pod_shows_why_it_waits_its_node_and_its_restarts()
    {
        var replica = KubernetesMapping.ToReplica(Pod("worker-abc", "Pending", false, waiting: "ImagePullBackOff", restarts: 3));
        Assert.Equal(("worker-abc", "ImagePullBackOff", "node aks-compute-1", 3), (replica.Name, replica.State, replica.Detail, replica.Restarts));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), replica.StartedAt);
    }

    [Fact]
    public void Nodes_count_when_ready_and_name_their_pool()
    {
        var nodes = new[]
        {
            new V1Node
            {
                Metadata = new V1ObjectMeta { Name = "aks-compute-1", Labels = new Dictionary<string, string> { ["kubernetes.azure.com/agentpool"] = "compute", ["node.kubernetes.io/instance-type"] = "Standard_D4s_v5" } },
                Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
            },
            new V1Node
            {
                Metadata = new V1ObjectMeta { Name = "aks-compute-2" },
                Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "Unknown" }] },
            },
        };
        var snapshot = KubernetesMapping.ToSnapshot("compute", [Pod("w1", "Running", true), Pod("w2", "Pending", false)], nodes);
        Assert.Equal((ClusterMode.Kubernetes, 1, 2, 1), (snapshot.Mode, snapshot.ReadyNodes, snapshot.Nodes.Count, snapshot.Starting));
        Assert.Equal("pool compute · Standard_D4s_v5", snapshot.Nodes[0].Detail);
        Assert.Equal("running in Kubernetes (namespace compute)", snapshot.Description);
    }

    [Fact]
    public async Task AppHost_status_shows_its_worker_processes_and_autoscaler_decisions()
    {
        const string json = """
            {"resources":[
               {"name":"storage","state":"Running","url":"http://127.0.0.1:10000/devstoreaccount1","pid":10,"restarts":0,"lastExitCode":null},
               {"name":"orchestrator","state":"Healthy","url":"http://localhost:7071/","pid":11,"restarts":0,"lastExitCode":null},
               {"name":"worker-1","state":"Healthy","url":"http://127.0.0.1:40001/","pid":12,"restarts":1,"lastExitCode":137},
               {"name":"worker-2","state":"Starting","url":"http://127.0.0.1:40002/","pid":13,"restarts":0,"lastExitCode":null}],
             "scaler":{"queue":"work-items",
               "settings":{"pollingInterval":"00:00:05","cooldownPeriod":"00:00:30","minReplicaCount":0,"maxReplicaCount":4,"queueLength":5,"activationQueueLength":0,"queueLengthStrategy":"all"},
               "queueLength":9,"replicas":2,"lastPoll":"2026-11-24T10:00:05+00:00",
               "decisions":[{"time":"2026-11-24T10:00:00+00:00","queueLength":3,"from":0,"to":1,"reason":"first"},
                            {"time":"2026-11-24T10:00:05+00:00","queueLength":9,"from":1,"to":2,"reason":"second"}]}}
            """;
        using var http = new HttpClient(new StubHandler(json)) { BaseAddress = new Uri("http://apphost") };

        var snapshot = await new AppHostClusterView(http).ReadAsync(CancellationToken.None);

        Assert.Equal((ClusterMode.Local, "running locally (AppHost)", null), (snapshot.Mode, snapshot.Description, snapshot.Error));
        Assert.Equal(["worker-1", "worker-2"], snapshot.Replicas.Select(r => r.Name));
        Assert.Equal((ReplicaPhase.Running, 1), (snapshot.Replicas[0].Phase, snapshot.Replicas[0].Restarts));
        Assert.Contains("last exit 137", snapshot.Replicas[0].Detail, StringComparison.Ordinal);
        Assert.Equal(1, snapshot.Starting);
        Assert.Equal(1, snapshot.ReadyNodes);
        Assert.Equal("queue work-items: 5 messages per replica, 0..4 replicas, polling 5 s, cooldown 30 s", snapshot.Scaler!.Settings);
        Assert.Equal((9L, 2), (snapshot.Scaler.QueueLength, snapshot.Scaler.Replicas));
        Assert.Equal(["second", "first"], snapshot.Scaler.Decisions.Select(d => d.Reason));
    }

    [Fact]
    public async Task AppHost_that_does_not_answer_is_reported_without_failing_the_reading()
    {
        using var http = new HttpClient(new StubHandler(null)) { BaseAddress = new Uri("http://apphost") };
        var snapshot = await new AppHostClusterView(http).ReadAsync(CancellationToken.None);
        Assert.Equal(ClusterMode.Local, snapshot.Mode);
        Assert.StartsWith("The AppHost's status is not available", snapshot.Error, StringComparison.Ordinal);
        Assert.Empty(snapshot.Replicas);
    }

    private sealed class StubHandler(string? json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            json is null
                ? throw new HttpRequestException("Connection refused")
                : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
