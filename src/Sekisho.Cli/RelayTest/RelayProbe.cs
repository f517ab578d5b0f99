namespace Sekisho.Cli.RelayTest;

/// <summary>
/// One classic open-relay test: a MAIL FROM and a RCPT TO command line written with placeholders that each
/// session fills in: <c>{out}</c> the outside domain, <c>{OUT}</c> the same in capitals, <c>{target}</c> the
/// server's greeting name and <c>{ip}</c> its IP literal (<c>[192.0.2.1]</c>).
/// </summary>
/// <param name="Number">The test's number, from 1.</param>
/// <param name="Mail">The MAIL command line template, e.g. <c>MAIL FROM:&lt;a@{out}&gt;</c>.</param>
/// <param name="Rcpt">The RCPT command line template, e.g. <c>RCPT TO:&lt;b%{out}@{target}&gt;</c>; sent exactly as filled in.</param>
/// <param name="Form">What the test tries, in a few words (for the reader of the catalogue).</param>
internal sealed record RelayProbe(int Number, string Mail, string Rcpt, string Form)
{
    /// <summary>The MAIL command line for one session.</summary>
    public string MailFor(ProbeNames names) => names.Fill(Mail);

    /// <summary>The RCPT command line for one session.</summary>
    public string RcptFor(ProbeNames names) => names.Fill(Rcpt);
}
