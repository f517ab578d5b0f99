namespace Sekisho.Cli.RelayTest;

/// <summary>
/// Every classic open-relay test, in the order the old web relay testers ran them: first the sender and
/// recipient combinations with a plain foreign recipient, then the address tricks that once smuggled mail
/// past servers that looked only at the text after the last <c>@</c>. Each must be refused for a client that
/// may not relay; a 2xx reply to the RCPT means the server relays.
/// </summary>
internal static class RelayProbeCatalog
{
    /// <summary>The tests, numbered from 1.</summary>
    public static IReadOnlyList<RelayProbe> All { get; } = Number(
    [
        // Sender and recipient combinations.
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b@{out}>", "foreign sender to foreign recipient"),
        ("MAIL FROM:<>", "RCPT TO:<b@{out}>", "null sender"),
        ("MAIL FROM:<b@{out}>", "RCPT TO:<b@{out}>", "sender equal to recipient"),
        ("MAIL FROM:<postmaster@{target}>", "RCPT TO:<b@{out}>", "the server's own name as sender domain"),
        ("MAIL FROM:<postmaster@localhost>", "RCPT TO:<b@{out}>", "localhost as sender domain"),
        ("MAIL FROM:<a@{ip}>", "RCPT TO:<b@{out}>", "the server's IP literal as sender domain"),
        ("MAIL FROM:<postmaster>", "RCPT TO:<b@{out}>", "unqualified sender (the server may append its own domain)"),

        // The percent hack: user%remote@local.
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b%{out}@{target}>", "percent hack via the greeting name"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b%{out}@localhost>", "percent hack via localhost"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b%{out}@{ip}>", "percent hack via the IP literal"),

        // Quoted local parts that still route somewhere after unquoting.
        ("MAIL FROM:<a@{out}>", "RCPT TO:<\"b@{out}\">", "quoted address without a domain"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<\"b%{out}\">", "quoted percent hack without a domain"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<\"b@{out}\"@{target}>", "quoted address at the greeting name"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<\"b%{out}\"@{target}>", "quoted percent hack at the greeting name"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<\"b@{out}\"@localhost>", "quoted address at localhost"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<\"b@{out}\"@{ip}>", "quoted address at the IP literal"),

        // Double @.
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b@{out}@{target}>", "double @ with the greeting name last"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b@{out}@localhost>", "double @ with localhost last"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b@{out}@{ip}>", "double @ with the IP literal last"),

        // UUCP bang paths: remote!user.
        ("MAIL FROM:<a@{out}>", "RCPT TO:<{out}!b>", "bang path without a domain"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<{out}!b@{target}>", "bang path at the greeting name"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<{out}!b@localhost>", "bang path at localhost"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<{out}!b@{ip}>", "bang path at the IP literal"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<\"{out}!b\"@{target}>", "quoted bang path at the greeting name"),

        // RFC 821 source routes: @hop,@hop:user@remote.
        ("MAIL FROM:<a@{out}>", "RCPT TO:<@{target}:b@{out}>", "source route through the greeting name"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<@{ip}:b@{out}>", "source route through the IP literal"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<@{target},@localhost:b@{out}>", "two-hop source route"),

        // Spellings of the plain foreign recipient.
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b@{out}.>", "foreign domain with a trailing dot"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:<b@{OUT}>", "foreign domain in capitals"),
        ("MAIL FROM:<a@{out}>", "rcpt to: <b@{out}>", "lower-case verb and a space before the path"),
        ("MAIL FROM:<a@{out}>", "RCPT TO:b@{out}", "path without angle brackets"),
    ]);

    private static IReadOnlyList<RelayProbe> Number(IEnumerable<(string Mail, string Rcpt, string Form)> tests) =>
        tests.Select((test, index) => new RelayProbe(index + 1, test.Mail, test.Rcpt, test.Form)).ToList();
}
