using System.Collections.Frozen;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// The declarative state table: which command is allowed in which state, and the Postfix-style 503 reply
/// for each that is not (e.g. DATA before RCPT: <c>503 5.5.1 Error: need RCPT command</c>).
/// </summary>
/// <remarks>
/// Every (state, verb) pair not named by a rule is allowed: RSET, NOOP, QUIT, VRFY, EXPN and HELP always are,
/// and so is <see cref="SmtpVerb.Unknown"/> (the parser has already answered it). The table only says whether a
/// command may come now; what it does (EHLO resetting a transaction, RSET going back to Greeted) is the session's.
/// </remarks>
public static class SmtpStateTable
{
    private static readonly SmtpState[] InTransaction = [SmtpState.MailGiven, SmtpState.RecipientGiven, SmtpState.ChunkingInProgress];

    /// <summary>The rules, read aloud: these verbs, in these states, get this reply.</summary>
    private static readonly Rule[] Rules =
    [
        new([SmtpVerb.Mail, SmtpVerb.Rcpt, SmtpVerb.Data, SmtpVerb.Bdat, SmtpVerb.Auth, SmtpVerb.Etrn], [SmtpState.Connected], "send HELO/EHLO first"),
        new([SmtpVerb.Mail], InTransaction, "nested MAIL command"),
        new([SmtpVerb.Rcpt, SmtpVerb.Data, SmtpVerb.Bdat], [SmtpState.Greeted], "need MAIL command"),
        new([SmtpVerb.Data, SmtpVerb.Bdat], [SmtpState.MailGiven], "need RCPT command"),
        new([SmtpVerb.Rcpt], [SmtpState.ChunkingInProgress], "RCPT after BDAT"),
        new([SmtpVerb.Data], [SmtpState.ChunkingInProgress], "DATA after BDAT"),
        new([SmtpVerb.StartTls, SmtpVerb.Auth, SmtpVerb.Etrn], InTransaction, "MAIL transaction in progress"),
        new([SmtpVerb.Helo, SmtpVerb.Ehlo], [SmtpState.ChunkingInProgress], "BDAT in progress"),
    ];

    private static readonly FrozenDictionary<(SmtpState, SmtpVerb), SmtpReply> Refusals = Build();

    /// <summary>Checks a command against the state.</summary>
    /// <param name="state">The session state.</param>
    /// <param name="verb">The command.</param>
    /// <returns>Null when allowed, else the reply to send.</returns>
    public static SmtpReply? Check(SmtpState state, SmtpVerb verb) => Refusals.GetValueOrDefault((state, verb));

    private static FrozenDictionary<(SmtpState, SmtpVerb), SmtpReply> Build()
    {
        var refusals = new Dictionary<(SmtpState, SmtpVerb), SmtpReply>();
        foreach (var rule in Rules)
        {
            var reply = SmtpReply.BadSequence(rule.What);
            foreach (var state in rule.States)
            {
                foreach (var verb in rule.Verbs)
                {
                    // Add, not the indexer: two rules claiming the same pair is a mistake in the table.
                    refusals.Add((state, verb), reply);
                }
            }
        }
        return refusals.ToFrozenDictionary();
    }

    /// <summary>One row of the table.</summary>
    /// <param name="Verbs">The commands.</param>
    /// <param name="States">The states in which they are refused.</param>
    /// <param name="What">The text after <c>503 5.5.1 Error: </c>.</param>
    private sealed record Rule(SmtpVerb[] Verbs, SmtpState[] States, string What);
}
