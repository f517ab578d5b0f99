using System.Text;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>smtp-path</c>: the argument of MAIL and of RCPT (e.g. <c>FROM:&lt;a@b&gt; SIZE=10</c>) through
/// <see cref="SmtpPathParser"/> and <see cref="MailParameters"/> / <see cref="RcptParameters"/>. Invariants: a parsed
/// path's <see cref="SmtpPath.Address"/> (the form written to logs and the queue) parses back to the same local part
/// and domain, and RCPT never accepts the null path.
/// </summary>
internal sealed class SmtpPathTarget : IFuzzTarget
{
    /// <inheritdoc/>
    public string Name => "smtp-path";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > FuzzInput.MaxLength)
        {
            return;
        }
        var text = FuzzInput.Text(data);
        CheckMail("FROM:" + text);
        CheckRcpt("TO:" + text);
        CheckMail(text);
        CheckRcpt(text);
    }

    /// <summary>Parses a MAIL argument and checks what came out.</summary>
    /// <param name="argument">E.g. <c>FROM:&lt;a@b&gt; SIZE=10</c>.</param>
    public static void CheckMail(string argument)
    {
        var ok = SmtpPathParser.TryParseMailFrom(argument, out var path, out var parameters, out var error);
        FuzzInvariantException.Check(ok == (error is null), $"MAIL {argument}: returned {ok} with error {error}");
        if (!ok)
        {
            return;
        }
        foreach (var extended in new[] { true, false })
        {
            var valid = MailParameters.TryParse(parameters, extended, 10_240_000, out var meaning, out var problem);
            FuzzInvariantException.Check(valid == (problem is null), $"MAIL parameters of {argument}: returned {valid} with error {problem}");
            FuzzInvariantException.Check(!valid || meaning.DeclaredSize >= 0, $"MAIL {argument}: negative SIZE");
        }
        if (path.IsNull)
        {
            return;
        }
        var again = "FROM:<" + path.Address + ">";
        var reparsed = SmtpPathParser.TryParseMailFrom(again, out var second, out _, out var secondError);
        FuzzInvariantException.Check(reparsed, $"MAIL {argument}: its address {again} does not parse back ({secondError})");
        FuzzInvariantException.Check(second.LocalPart == path.LocalPart && second.Domain == path.Domain,
            $"MAIL {argument}: {again} parses back as {second.LocalPart}|{second.Domain}, not {path.LocalPart}|{path.Domain}");
        _ = path.HasNonAscii;
        _ = path.IsDomainLiteral;
    }

    /// <summary>Parses a RCPT argument and checks what came out.</summary>
    /// <param name="argument">E.g. <c>TO:&lt;a@b&gt; NOTIFY=NEVER</c>.</param>
    public static void CheckRcpt(string argument)
    {
        var ok = SmtpPathParser.TryParseRcptTo(argument, out var path, out var parameters, out var error);
        FuzzInvariantException.Check(ok == (error is null), $"RCPT {argument}: returned {ok} with error {error}");
        if (!ok)
        {
            return;
        }
        FuzzInvariantException.Check(!path.IsNull, $"RCPT {argument}: the null path was accepted as a recipient");
        foreach (var extended in new[] { true, false })
        {
            var valid = RcptParameters.TryParse(parameters, extended, out _, out var problem);
            FuzzInvariantException.Check(valid == (problem is null), $"RCPT parameters of {argument}: returned {valid} with error {problem}");
        }
        var again = "TO:<" + path.Address + ">";
        var local = path.Address.Length - (path.Domain.Length == 0 ? 0 : path.Domain.Length + 1);
        if (Encoding.UTF8.GetByteCount(path.Address.AsSpan(0, local)) > 64 || Encoding.UTF8.GetByteCount(again) - 3 > 256)
        {
            return; // <a@b@c> near a length limit: quoting the local part again makes it too long to be read back
        }
        var reparsed = SmtpPathParser.TryParseRcptTo(again, out var second, out _, out var secondError);
        FuzzInvariantException.Check(reparsed, $"RCPT {argument}: its address {again} does not parse back ({secondError})");
        FuzzInvariantException.Check(second.LocalPart == path.LocalPart && second.Domain == path.Domain,
            $"RCPT {argument}: {again} parses back as {second.LocalPart}|{second.Domain}, not {path.LocalPart}|{path.Domain}");
    }
}
