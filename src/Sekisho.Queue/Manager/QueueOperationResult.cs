namespace Sekisho.Queue;

/// <summary>The outcome of an admin operation on the queue (<c>sekisho queue hold|release|delete|requeue|flush</c>).</summary>
/// <param name="Count">How many messages it affected.</param>
/// <param name="Text">What happened, for the admin, e.g. <c>6410A2F3C81B2: placed on hold</c>.</param>
public sealed record QueueOperationResult(int Count, string Text)
{
    /// <summary>No message with that id is in the queue.</summary>
    /// <param name="queueId">The id asked for.</param>
    public static QueueOperationResult NotFound(string queueId) => new(0, queueId + ": no such message in the queue");
}
