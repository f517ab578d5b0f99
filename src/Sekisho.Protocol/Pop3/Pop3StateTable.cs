using System.Collections.Frozen;

namespace Sekisho.Protocol.Pop3;

/// <summary>
/// The declarative state table (RFC 1939 4-7, RFC 2449 5, RFC 2595 4, RFC 5034 4): which command is allowed in
/// which state, and the reply for each that is not (e.g. RETR before login: <c>-ERR Not logged in.</c>).
/// </summary>
/// <remarks>
/// <para>AUTHORIZATION: USER, PASS, APOP, AUTH, STLS, CAPA and QUIT. TRANSACTION: STAT, LIST, RETR, DELE, NOOP, RSET,
/// TOP, UIDL, CAPA and QUIT. UPDATE: nothing (the session answers QUIT and closes). Every pair not named by a rule is
/// allowed, and so is <see cref="Pop3Verb.Unknown"/> (the parser has already answered it).</para>
/// <para>The table only says whether a command may come now. Conditions within a state are the session's: PASS
/// without USER (<see cref="Pop3Reply.NoUsernameGiven"/>), USER or PASS without TLS when plaintext is refused
/// (<see cref="Pop3Reply.PlaintextDisallowed"/>), APOP when it is off, STLS when TLS is already active.</para>
/// </remarks>
public static class Pop3StateTable
{
    private static readonly Pop3Verb[] AuthorizationOnly =
        [Pop3Verb.User, Pop3Verb.Pass, Pop3Verb.Apop, Pop3Verb.Auth, Pop3Verb.Stls];

    private static readonly Pop3Verb[] TransactionOnly =
        [Pop3Verb.Stat, Pop3Verb.List, Pop3Verb.Retr, Pop3Verb.Dele, Pop3Verb.Noop, Pop3Verb.Rset, Pop3Verb.Top, Pop3Verb.Uidl];

    private static readonly Pop3Verb[] Known = Enum.GetValues<Pop3Verb>().Where(v => v != Pop3Verb.Unknown).ToArray();

    /// <summary>The rules, read aloud: these verbs, in these states, get this reply.</summary>
    private static readonly Rule[] Rules =
    [
        new(TransactionOnly, [Pop3State.Authorization], Pop3Reply.NotLoggedIn),
        new(AuthorizationOnly, [Pop3State.Transaction], Pop3Reply.AlreadyLoggedIn),
        new(Known, [Pop3State.Update], Pop3Reply.AlreadyLoggingOut),
    ];

    private static readonly FrozenDictionary<(Pop3State, Pop3Verb), Pop3Reply> Refusals = Build();

    /// <summary>Checks a command against the state.</summary>
    /// <param name="state">The session state.</param>
    /// <param name="verb">The command.</param>
    /// <returns>Null when allowed, else the reply to send.</returns>
    public static Pop3Reply? Check(Pop3State state, Pop3Verb verb) => Refusals.GetValueOrDefault((state, verb));

    private static FrozenDictionary<(Pop3State, Pop3Verb), Pop3Reply> Build()
    {
        var refusals = new Dictionary<(Pop3State, Pop3Verb), Pop3Reply>();
        foreach (var rule in Rules)
        {
            foreach (var state in rule.States)
            {
                foreach (var verb in rule.Verbs)
                {
                    // Add, not the indexer: two rules claiming the same pair is a mistake in the table.
                    refusals.Add((state, verb), rule.Reply);
                }
            }
        }
        return refusals.ToFrozenDictionary();
    }

    /// <summary>One row of the table.</summary>
    /// <param name="Verbs">The commands.</param>
    /// <param name="States">The states in which they are refused.</param>
    /// <param name="Reply">The refusal.</param>
    private sealed record Rule(Pop3Verb[] Verbs, Pop3State[] States, Pop3Reply Reply);
}
