namespace ComputeEngine.Orchestrator.EventGrid;

/// <summary>The Event Grid webhook's own key, bound from the <c>EventGrid</c> section.</summary>
public sealed class EventGridOptions
{
    public const string Section = "EventGrid";

    /// <summary>
    /// The key the subscription's endpoint URL carries as <c>code</c>. When set, it alone opens the webhook:
    /// Event Grid can send no other secret, and the API key stays with the API's callers. When not set, the
    /// webhook takes the API key like every other endpoint.
    /// </summary>
    public string? WebhookKey { get; set; }
}
