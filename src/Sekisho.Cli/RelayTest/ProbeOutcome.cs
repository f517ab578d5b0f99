namespace Sekisho.Cli.RelayTest;

/// <summary>What one test found.</summary>
internal enum ProbeVerdict
{
    /// <summary>The server refused the recipient (4xx or 5xx), the sender, the HELO or the whole session.</summary>
    NotRelayed,

    /// <summary>The server answered the RCPT with 2xx: it would relay.</summary>
    Relayed,

    /// <summary>The session ended before an answer (closed, timed out, 4xx greeting): the test says nothing.</summary>
    NotPerformed,
}

/// <summary>The result of one test: the commands as sent, the reply that decided, and the verdict.</summary>
/// <param name="Probe">The test.</param>
/// <param name="Mail">The MAIL command line as sent (or as it would have been).</param>
/// <param name="Rcpt">The RCPT command line as sent (or as it would have been).</param>
/// <param name="Detail">The deciding reply (<c>554 5.7.1 ...</c>, prefixed with the command when it was not the RCPT), or why the test could not be done.</param>
/// <param name="Verdict">The verdict.</param>
internal sealed record ProbeOutcome(RelayProbe Probe, string Mail, string Rcpt, string Detail, ProbeVerdict Verdict)
{
    /// <summary><c>test 03: MAIL FROM:&lt;&gt; RCPT TO:&lt;b@relay-test.invalid&gt; -&gt; 554 5.7.1 ...: not relayed</c>.</summary>
    public override string ToString()
    {
        var verdict = Verdict switch
        {
            ProbeVerdict.Relayed => "RELAYED",
            ProbeVerdict.NotRelayed => "not relayed",
            _ => "not performed",
        };
        return $"test {Probe.Number:D2}: {Mail} {Rcpt} -> {Detail}: {verdict}";
    }
}
