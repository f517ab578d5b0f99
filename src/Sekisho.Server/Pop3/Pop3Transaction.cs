using System.Globalization;
using Microsoft.Extensions.Logging;
using Sekisho.Delivery.Maildrop;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Server.Pop3;

/// <summary>
/// The TRANSACTION state (RFC 1939 5-7) over a locked <see cref="MaildirMaildrop"/>: STAT, LIST, UIDL, RETR, TOP, DELE,
/// RSET and NOOP, then the UPDATE state at QUIT. Sizes are the stored octets (messages are kept with CRLF line
/// endings, so that is the message as it goes on the wire before dot-stuffing); UIDLs come from the Maildir unique
/// names and do not change across sessions. Nothing changes on disk before <see cref="CommitAsync"/>.
/// </summary>
internal sealed class Pop3Transaction : IDisposable
{
    private readonly MaildirMaildrop _maildrop;
    private readonly ILogger _log;
    private readonly string _account;

    /// <summary>Takes over an open maildrop (and its lock).</summary>
    /// <param name="maildrop">The account's maildrop, opened for this session.</param>
    /// <param name="log">Where problems with single messages are reported.</param>
    /// <param name="account">The account, for the log.</param>
    public Pop3Transaction(MaildirMaildrop maildrop, ILogger log, string account)
    {
        _maildrop = maildrop;
        _log = log;
        _account = account;
        Statistics = new Pop3Statistics(maildrop.Count, maildrop.TotalSize);
    }

    /// <summary>What the session did, for the disconnect line.</summary>
    public Pop3Statistics Statistics { get; }

    /// <summary>Answers one TRANSACTION command (the state table has already let it through); the response is queued on the connection.</summary>
    /// <param name="command">STAT, LIST, UIDL, RETR, TOP, DELE, RSET or NOOP.</param>
    /// <param name="connection">Where the response goes.</param>
    /// <param name="cancellationToken">Timeout or abort.</param>
    /// <exception cref="IOException">A message could not be read after its <c>+OK</c> was sent, or the connection failed.</exception>
    public async Task HandleAsync(Pop3Command command, Pop3Connection connection, CancellationToken cancellationToken)
    {
        switch (command.Verb)
        {
            case Pop3Verb.Stat:
                connection.Write(Pop3Reply.Stat(_maildrop.Count, _maildrop.TotalSize));
                break;
            case Pop3Verb.List:
                Listing(command.MessageNumber, connection, m => m.Size.ToString(CultureInfo.InvariantCulture), m => Pop3Reply.ScanListing(m.Number, m.Size));
                break;
            case Pop3Verb.Uidl:
                Listing(command.MessageNumber, connection, m => m.Uidl, m => Pop3Reply.UniqueIdListing(m.Number, m.Uidl));
                break;
            case Pop3Verb.Retr:
                await SendAsync(command.MessageNumber!.Value, null, connection, cancellationToken);
                break;
            case Pop3Verb.Top:
                await SendAsync(command.MessageNumber!.Value, command.LineCount!.Value, connection, cancellationToken);
                break;
            case Pop3Verb.Dele:
                var number = command.MessageNumber!.Value;
                var lookup = _maildrop.MarkDeleted(number);
                connection.Write(lookup == MaildropLookup.Found ? Pop3Reply.MarkedDeleted : Refusal(lookup, number));
                break;
            case Pop3Verb.Rset:
                _maildrop.Reset();
                connection.Write(Pop3Reply.Ok(string.Create(CultureInfo.InvariantCulture, $"maildrop has {_maildrop.Count} messages ({_maildrop.TotalSize} octets)")));
                break;
            default:
                connection.Write(Pop3Reply.Success); // NOOP
                break;
        }
    }

    /// <summary>
    /// The UPDATE state: removes the messages marked deleted and marks retrieved ones seen (new/ → cur/), on the
    /// thread pool (file system calls are synchronous). Returns QUIT's reply.
    /// </summary>
    public async Task<Pop3Reply> CommitAsync()
    {
        var result = await Task.Run(_maildrop.Commit);
        Statistics.Deleted = result.Deleted;
        foreach (var problem in result.Problems)
        {
            _log.LogWarning("{Account}: {Problem}", _account, problem);
        }
        return !result.AllDeleted ? Pop3Reply.SomeDeletionsFailed
            : result.Deleted > 0 ? Pop3Reply.LoggingOutMessagesDeleted
            : Pop3Reply.LoggingOut;
    }

    /// <summary>Releases the lock; without a commit the Maildir is as it was.</summary>
    public void Dispose() => _maildrop.Dispose();

    /// <summary>LIST and UIDL: one message (<c>+OK n value</c>) or all those not deleted (multi-line).</summary>
    private void Listing(int? number, Pop3Connection connection, Func<MaildropMessage, string> value, Func<MaildropMessage, Pop3Reply> single)
    {
        if (number is not { } n)
        {
            var lines = _maildrop.Messages.Where(m => !m.IsDeleted).Select(m => m.Number.ToString(CultureInfo.InvariantCulture) + " " + value(m));
            connection.Write(Pop3Reply.ListingFollows(_maildrop.Count), lines);
            return;
        }
        var lookup = _maildrop.TryGetMessage(n, out var message);
        connection.Write(lookup == MaildropLookup.Found ? single(message!) : Refusal(lookup, n));
    }

    /// <summary>RETR (<paramref name="bodyLines"/> null) or TOP: the status line, then the content dot-stuffed.</summary>
    private async Task SendAsync(int number, int? bodyLines, Pop3Connection connection, CancellationToken cancellationToken)
    {
        var lookup = _maildrop.TryGetMessage(number, out var message);
        Stream? content = null;
        if (lookup == MaildropLookup.Found)
        {
            try
            {
                lookup = _maildrop.TryOpenMessage(number, markRetrieved: bodyLines is null, out content);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _log.LogWarning("{Account}: cannot read message {Number}: {Problem}", _account, number, exception.Message);
                connection.Write(Pop3ServerReplies.MessageUnreadable);
                return;
            }
        }
        if (lookup != MaildropLookup.Found)
        {
            connection.Write(Refusal(lookup, number));
            return;
        }
        await using (content)
        {
            connection.Write(bodyLines is null ? Pop3Reply.MessageFollows(message!.Size) : Pop3Reply.Success);
            var sent = await Pop3MultiLine.CopyMessageAsync(content!, connection.Output, bodyLines, cancellationToken);
            if (bodyLines is null)
            {
                Statistics.CountRetr(sent);
            }
            else
            {
                Statistics.CountTop(sent);
            }
        }
    }

    private static Pop3Reply Refusal(MaildropLookup lookup, int number) => lookup switch
    {
        MaildropLookup.Deleted => Pop3Reply.MessageDeleted,
        MaildropLookup.Vanished => Pop3Reply.MessageVanished(number),
        _ => Pop3Reply.NoSuchMessage(number),
    };
}
