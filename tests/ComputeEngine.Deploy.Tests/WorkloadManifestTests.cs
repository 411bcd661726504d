using System.Globalization;
using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>How the pods run: the worker's KEDA resource per mode, draining, probes, limits, users.</summary>
[Collection(DeployToolsCollection.Name)]
public sealed class WorkloadManifestTests
{
    public static TheoryData<string, bool> Variants => HelmLintTests.Variants;

    [Theory]
    [InlineData("deployment", "ScaledObject")]
    [InlineData("job", "ScaledJob")]
    public async Task Worker_mode_chooses_the_KEDA_resource(string workerMode, string scalerKind)
    {
        var chart = await ChartVariants.RenderAsync(workerMode, eventGrid: false);

        var scaler = Assert.Single(chart.Manifests, m => m.Kind is "ScaledObject" or "ScaledJob");
        Assert.Equal(scalerKind, scaler.Kind);
        Assert.Equal(workerMode == "job" ? "ScaledJob" : "Deployment", chart.WorkerWorkload.Kind);
        if (scaler.Kind == "ScaledObject")
        {
            Assert.Equal(chart.WorkerWorkload.Name, scaler.Root.ScalarAt("spec.scaleTargetRef.name"));
            Assert.Null(chart.WorkerWorkload.Root.At("spec.replicas"));
        }
        else
        {
            Assert.Equal("Never", scaler.PodSpec.ScalarAt("restartPolicy"));
            Assert.Equal("gradual", scaler.Root.ScalarAt("spec.rollout.strategy"));
        }
    }

    [Theory]
    [InlineData("deployment", 30)]
    [InlineData("job", 30)]
    [InlineData("deployment", 600)]
    [InlineData("job", 3700)]
    public async Task Worker_grace_period_outlasts_its_drain_timeout(string workerMode, int drainSeconds)
    {
        using var timeout = TestTimeouts.ForTool();
        var chart = new RenderedChart(await HelmCli.TemplateAsync(
            HelmCli.CiValues($"worker.mode={workerMode}", $"worker.shutdownTimeoutSeconds={drainSeconds}"), timeout.Token));

        var worker = chart.WorkerWorkload;
        var env = Assert.Single(worker.Containers).MappingsAt("env");
        var drain = TimeSpan.Parse(
            Assert.Single(env, e => e.ScalarAt("name") == "Worker__ShutdownTimeout").RequiredScalar("value"),
            CultureInfo.InvariantCulture);
        var grace = TimeSpan.FromSeconds(int.Parse(worker.PodSpec.RequiredScalar("terminationGracePeriodSeconds"), CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(drainSeconds), drain);
        Assert.True(grace > drain, $"grace {grace} must exceed drain {drain}");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Every_container_is_probed_limited_and_non_root(string workerMode, bool eventGrid)
    {
        var chart = await ChartVariants.RenderAsync(workerMode, eventGrid);

        Assert.Equal(3, chart.Workloads.Count());
        foreach (var workload in chart.Workloads)
        {
            Assert.Equal("true", workload.PodSpec.ScalarAt("securityContext.runAsNonRoot"));
            Assert.NotEqual("0", workload.PodSpec.RequiredScalar("securityContext.runAsUser"));
            foreach (var container in workload.Containers)
            {
                Assert.Equal("/health", container.ScalarAt("readinessProbe.httpGet.path"));
                Assert.Equal("/alive", container.ScalarAt("livenessProbe.httpGet.path"));
                // Storage initialisation may wait minutes for new role assignments: liveness waits for startup.
                Assert.Equal("/alive", container.ScalarAt("startupProbe.httpGet.path"));
                var startupSeconds = int.Parse(container.RequiredScalar("startupProbe.periodSeconds"), CultureInfo.InvariantCulture)
                    * int.Parse(container.RequiredScalar("startupProbe.failureThreshold"), CultureInfo.InvariantCulture);
                Assert.True(startupSeconds >= 600, $"startup allows {startupSeconds} s");
                Assert.Equal("8080", Assert.Single(container.MappingsAt("ports")).ScalarAt("containerPort"));
                Assert.Equal("false", container.ScalarAt("securityContext.allowPrivilegeEscalation"));
                Assert.NotNull(container.ScalarAt("resources.requests.cpu"));
                Assert.NotNull(container.ScalarAt("resources.requests.memory"));
                Assert.NotNull(container.ScalarAt("resources.limits.cpu"));
                Assert.NotNull(container.ScalarAt("resources.limits.memory"));
            }
        }
    }

    [Theory]
    [InlineData("deployment")]
    [InlineData("job")]
    public async Task A_python_algorithm_runs_on_the_python_image_with_its_files_mounted_and_registered(string workerMode)
    {
        using var timeout = TestTimeouts.ForTool();
        var chart = new RenderedChart(await HelmCli.TemplateAsync(HelmCli.CiValues(
            $"worker.mode={workerMode}", "worker.python.image=cr.example/worker:python", "worker.python.algorithms.seed.configMap=seed-algorithm"), timeout.Token));

        var worker = chart.WorkerWorkload;
        var container = Assert.Single(worker.Containers);
        var env = container.MappingsAt("env").ToDictionary(e => e.RequiredScalar("name"), e => e.ScalarAt("value"));
        var volume = Assert.Single(worker.PodSpec.MappingsAt("volumes"), v => v.ScalarAt("name") == "algorithm-seed");
        var mount = Assert.Single(container.MappingsAt("volumeMounts"), m => m.ScalarAt("name") == "algorithm-seed");

        Assert.Equal("cr.example/worker:python", container.ScalarAt("image"));
        Assert.Equal("python3", env["Worker__Processes__seed__Command"]);
        Assert.Equal("Persistent", env["Worker__Processes__seed__Mode"]);
        // The Dockerfile publishes the worker to /app; the runner ships in its runners/ folder.
        Assert.Equal("/app/runners/python/computeengine_runner.py", env["Worker__Processes__seed__Arguments__0"]);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "ComputeEngine.Worker", "runners", "python", "computeengine_runner.py")));
        Assert.Equal("--module", env["Worker__Processes__seed__Arguments__1"]);
        Assert.Equal("/algorithms/seed", env["Worker__Processes__seed__Arguments__2"]);
        Assert.Equal("seed-algorithm", volume.ScalarAt("configMap.name"));
        Assert.Equal("/algorithms/seed", mount.ScalarAt("mountPath"));
        Assert.Equal("true", mount.ScalarAt("readOnly"));
    }

    [Fact]
    public async Task Without_python_algorithms_the_worker_runs_its_own_image_with_no_algorithm_mounts()
    {
        using var timeout = TestTimeouts.ForTool();
        var chart = new RenderedChart(await HelmCli.TemplateAsync(HelmCli.CiValues("worker.python.image=cr.example/worker:python"), timeout.Token));

        var container = Assert.Single(chart.WorkerWorkload.Containers);

        Assert.Equal("crcomputeengine.azurecr.io/computeengine/worker-test:azd-deploy-1", container.ScalarAt("image"));
        Assert.Equal(["tmp"], chart.WorkerWorkload.PodSpec.MappingsAt("volumes").Select(v => v.ScalarAt("name")));
        Assert.DoesNotContain(container.MappingsAt("env"), e => e.RequiredScalar("name").StartsWith("Worker__Processes__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Orchestrator_and_dashboard_keep_a_replica_through_voluntary_disruptions()
    {
        using var timeout = TestTimeouts.ForTool();
        var chart = new RenderedChart(await HelmCli.TemplateAsync(HelmCli.CiValues("orchestrator.replicas=2"), timeout.Token));

        var budgets = chart.OfKind("PodDisruptionBudget").ToDictionary(p => p.Component!);
        Assert.Equal(["dashboard", "orchestrator"], budgets.Keys.Order());
        Assert.Equal("1", budgets["orchestrator"].Root.ScalarAt("spec.minAvailable"));
        // One replica: a budget that forbids every eviction would block node drains and upgrades for good.
        Assert.Equal("1", budgets["dashboard"].Root.ScalarAt("spec.maxUnavailable"));
        foreach (var (component, budget) in budgets)
        {
            var labels = chart.Get("Deployment", component).Root.RequiredMapping("spec.selector.matchLabels");
            Assert.Equal(labels.ToString(), budget.Root.RequiredMapping("spec.selector.matchLabels").ToString());
        }
    }
}
