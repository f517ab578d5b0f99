namespace Sekisho.Queue.Control;

/// <summary>
/// The admin's queue operations as one-line requests, so the same words work on the control socket of a running
/// server and directly on the queue when no server runs: <c>flush [DOMAIN]</c>, <c>hold ID</c>, <c>release ID</c>,
/// <c>delete ID|ALL</c>, <c>requeue ID</c>. Replies are one line: <c>OK COUNT TEXT</c> or <c>ERR TEXT</c>.
/// </summary>
public static class QueueControl
{
    /// <summary>The control socket's file name in the queue directory.</summary>
    public const string SocketName = "control.sock";

    /// <summary>The longest request line read.</summary>
    public const int MaxRequestLength = 1024;

    /// <summary>Carries out one request.</summary>
    /// <param name="manager">The queue manager (of the running server, or one made for the CLI).</param>
    /// <param name="request">E.g. <c>hold 6410A2F3C81B2</c>.</param>
    /// <returns>The reply line, without line end.</returns>
    public static string Execute(QueueManager manager, string request)
    {
        var words = request.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return "ERR empty request";
        }
        var verb = words[0].ToLowerInvariant();
        var argument = words.Length > 1 ? words[1] : null;
        if (words.Length > 2)
        {
            return "ERR too many arguments";
        }
        if (verb == "flush")
        {
            if (argument is not null && !IsDomain(argument.TrimStart('@')))
            {
                return "ERR bad domain: " + argument;
            }
            return Format(manager.Flush(argument));
        }
        if (verb is not ("hold" or "release" or "delete" or "requeue"))
        {
            return "ERR unknown request: " + verb;
        }
        if (argument is null)
        {
            return "ERR " + verb + " needs a queue id";
        }
        if (verb == "delete" && argument == "ALL")
        {
            return Format(manager.DeleteAll());
        }
        if (!QueueId.IsValid(argument))
        {
            return "ERR bad queue id: " + argument;
        }
        return Format(verb switch
        {
            "hold" => manager.Hold(argument),
            "release" => manager.Release(argument),
            "delete" => manager.Delete(argument),
            _ => manager.Requeue(argument),
        });
    }

    /// <summary>Reads a reply line back: the count and the text, or null count for an error.</summary>
    /// <param name="reply">The reply line.</param>
    public static (int? Count, string Text) ParseReply(string reply)
    {
        if (reply.StartsWith("OK ", StringComparison.Ordinal))
        {
            var rest = reply[3..];
            var space = rest.IndexOf(' ');
            if (space > 0 && int.TryParse(rest[..space], out var count))
            {
                return (count, rest[(space + 1)..]);
            }
        }
        return (null, reply.StartsWith("ERR ", StringComparison.Ordinal) ? reply[4..] : reply);
    }

    private static string Format(QueueOperationResult result) => $"OK {result.Count} {result.Text}";

    private static bool IsDomain(string text) =>
        text.Length is > 0 and <= 255 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '[' or ']' or ':');
}
