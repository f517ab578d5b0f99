using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Properties;

/// <summary>
/// Round trip of SMTP address quoting: the address a path is written as (<see cref="SmtpPath.Address"/>, quoting the
/// local part when it is not a dot-atom) parses back, in MAIL and RCPT, to the same local part and domain.
/// </summary>
public sealed class AddressQuotingProperties
{
    /// <summary>Characters a quoted local part may hold, weighted toward the ones that need quoting or escaping.</summary>
    private static readonly char[] Alphabet =
        [.. "aZ09.-_+=!#$%&'*/?^`{|}~", .. " \"\\@,;:<>()[]", 'é', 'ß', '用', 'ö', '\u00a1'];

    private static readonly string[] Domains = ["example.com", "例え.jp", "[192.0.2.1]", "[IPv6:2001:db8::1]", "a-b.c-d.example"];

    private static Arbitrary<string> LocalParts() =>
        Gen.Elements(Alphabet).ArrayOf().Select(chars => new string(chars))
            .Where(local => local.Length > 0 && Encoding.UTF8.GetByteCount(Quoted(local)) <= 64)
            .ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Mail_from_round_trips() =>
        Prop.ForAll(LocalParts(), Gen.Elements(Domains).ToArbitrary(), (local, domain) =>
        {
            var address = new SmtpPath(local, domain, [], LocalPartWasQuoted: true).Address;
            return SmtpPathParser.TryParseMailFrom("FROM:<" + address + ">", out var path, out _, out _)
                && path.LocalPart == local && path.Domain == domain;
        });

    [Property(MaxTest = 500)]
    public Property Rcpt_to_round_trips() =>
        Prop.ForAll(LocalParts(), Gen.Elements(Domains).ToArbitrary(), (local, domain) =>
        {
            var address = new SmtpPath(local, domain, [], LocalPartWasQuoted: true).Address;
            return SmtpPathParser.TryParseRcptTo("TO:<" + address + ">", out var path, out _, out _)
                && path.LocalPart == local && path.Domain == domain;
        });

    [Property(MaxTest = 300)]
    public Property A_local_part_is_quoted_exactly_when_it_is_not_a_dot_atom() =>
        Prop.ForAll(LocalParts(), local =>
        {
            var address = new SmtpPath(local, "example.com", [], LocalPartWasQuoted: false).Address;
            var quoted = address.StartsWith('"');
            var dotAtom = SmtpPathParser.TryParseMailFrom("FROM:<" + local + "@example.com>", out var unquoted, out _, out _)
                && !unquoted.LocalPartWasQuoted;
            return quoted != dotAtom;
        });

    /// <summary>The local part as a quoted string, the longest form <see cref="SmtpPath.Address"/> can give it.</summary>
    private static string Quoted(string local) => "\"" + local.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
