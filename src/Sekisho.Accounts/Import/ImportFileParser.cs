using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts.Import;

/// <summary>
/// Reads saslpasswd-style dumps and Dovecot passwd-files (see <see cref="ImportFormat"/>). Blank lines and lines starting
/// with <c>#</c> are skipped. Pure: no store, no configuration; <see cref="AccountImporter"/> decides what is stored.
/// </summary>
public static class ImportFileParser
{
    /// <summary>Reads a whole export.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="format">Its format.</param>
    /// <returns>The accounts and the refused lines.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is undefined.</exception>
    public static ImportFile Parse(TextReader reader, ImportFormat format)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format));
        }
        var entries = new List<ImportEntry>();
        var problems = new List<ImportProblem>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var result = format == ImportFormat.Saslpasswd ? ParseSaslpasswd(number, line) : ParseDovecot(number, line);
            if (result.Entry is not null)
            {
                entries.Add(result.Entry);
            }
            else
            {
                problems.Add(result.Problem!);
            }
        }
        return new ImportFile(entries, problems);
    }

    /// <summary>
    /// Guesses the format of an export: <see cref="ImportFormat.Dovecot"/> when the first account line's second field
    /// starts with a <c>{SCHEME}</c> or is a SHA-crypt hash, otherwise <see cref="ImportFormat.Saslpasswd"/>.
    /// </summary>
    /// <param name="text">The whole export.</param>
    /// <returns>The likely format.</returns>
    public static ImportFormat Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split(':');
            return fields.Length >= 2 && (HasSchemePrefix(fields[1]) || ShaCrypt.IsShaCrypt(fields[1])) ? ImportFormat.Dovecot : ImportFormat.Saslpasswd;
        }
        return ImportFormat.Saslpasswd;
    }

    /// <summary>Reads one <c>user[@realm]:password</c> line.</summary>
    /// <param name="number">The line number.</param>
    /// <param name="line">The line.</param>
    internal static (ImportEntry? Entry, ImportProblem? Problem) ParseSaslpasswd(int number, string line)
    {
        var colon = line.IndexOf(':');
        if (colon < 0)
        {
            return Refuse(number, null, "expected user:password or user@realm:password");
        }
        var user = line[..colon].Trim();
        var password = line[(colon + 1)..];
        if (!TrySplitUser(number, user, out var name, out var domain, out var problem))
        {
            return (null, problem);
        }
        if (password is " userPassword" or "userPassword")
        {
            return Refuse(number, user, "this is sasldblistusers2 output, which lists users but not their passwords; add the account with `sekisho user add`");
        }
        if (password.Length == 0)
        {
            return Refuse(number, user, "empty password");
        }
        if (HasSchemePrefix(password))
        {
            return Refuse(number, user, "the password starts with a {SCHEME}: this looks like a Dovecot passwd-file line; use --format dovecot");
        }
        return (new ImportEntry(number, name, domain, "plaintext", password, null), null);
    }

    /// <summary>Reads one passwd-file line.</summary>
    /// <param name="number">The line number.</param>
    /// <param name="line">The line.</param>
    internal static (ImportEntry? Entry, ImportProblem? Problem) ParseDovecot(int number, string line)
    {
        var fields = line.Split(':');
        if (fields.Length < 2)
        {
            return Refuse(number, null, "expected user:{SCHEME}password[:uid:gid:gecos:home:shell:extra]");
        }
        var user = fields[0].Trim();
        if (!TrySplitUser(number, user, out var name, out var domain, out var problem))
        {
            return (null, problem);
        }
        var field = fields[1];
        string scheme, value;
        if (field.StartsWith('{') && field.IndexOf('}') is > 1 and var close)
        {
            scheme = field[1..close].ToUpperInvariant();
            value = field[(close + 1)..];
        }
        else if (ShaCrypt.IsShaCrypt(field))
        {
            (scheme, value) = ("CRYPT", field);
        }
        else
        {
            return Refuse(number, user, field.Length == 0
                ? "no password"
                : "the password has no {SCHEME} prefix and is not a SHA-crypt hash; write the scheme Dovecot's default_pass_scheme names in front of it");
        }
        var label = "{" + scheme + "}";
        if (scheme is "PLAIN" or "CLEARTEXT")
        {
            return value.Length == 0
                ? Refuse(number, user, "empty password")
                : (new ImportEntry(number, name, domain, label, value, null), null);
        }
        if (!IsKnown(scheme))
        {
            return Refuse(number, user,
                $"password scheme {label} cannot be verified by Sekisho; add the account with `sekisho user add {name}` (or export it as {{PLAIN}})");
        }
        var credentials = scheme switch
        {
            "SHA512-CRYPT" or "SHA256-CRYPT" or "CRYPT" when IsShaCrypt(scheme, value) => new AccountCredentials { PasswordHash = value },
            "CRAM-MD5" when CramMd5Secret.TryParse("{CRAM-MD5}" + value, out var cram) => new AccountCredentials { CramMd5 = cram },
            "DIGEST-MD5" when TryParseHex(value, DigestMd5Secret.HashSize, out var hash) =>
                new AccountCredentials { DigestMd5 = [new DigestMd5Secret(domain ?? "", hash)] },
            "SCRAM-SHA-1" when TryParseDovecotScram(value, ScramAlgorithm.Sha1, out var scram) => new AccountCredentials { ScramSha1 = scram },
            "SCRAM-SHA-256" when TryParseDovecotScram(value, ScramAlgorithm.Sha256, out var scram) => new AccountCredentials { ScramSha256 = scram },
            _ => null,
        };
        if (credentials is null)
        {
            return Refuse(number, user, $"malformed {label} value"
                + (scheme == "CRYPT" ? " (only $5$ SHA-256 and $6$ SHA-512 crypt hashes can be verified)" : ""));
        }
        return (new ImportEntry(number, name, domain, label, null, credentials), null);
    }

    /// <summary>A SHA-crypt hash of the kind the scheme names (<c>CRYPT</c>: either kind).</summary>
    private static bool IsShaCrypt(string scheme, string value) =>
        ShaCrypt.IsShaCrypt(value) && scheme switch
        {
            "SHA512-CRYPT" => value.StartsWith("$6$", StringComparison.Ordinal),
            "SHA256-CRYPT" => value.StartsWith("$5$", StringComparison.Ordinal),
            _ => true,
        };

    private static bool TryParseHex(string text, int size, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != size * 2 || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }
        bytes = Convert.FromHexString(text);
        return true;
    }

    /// <summary>Dovecot's SCRAM form: <c>iterations,base64(salt),base64(StoredKey),base64(ServerKey)</c>.</summary>
    private static bool TryParseDovecotScram(string value, ScramAlgorithm algorithm, [NotNullWhen(true)] out ScramCredential? credential)
    {
        credential = null;
        var parts = value.Split(',');
        if (parts.Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }
        var name = algorithm == ScramAlgorithm.Sha256 ? "SCRAM-SHA-256" : "SCRAM-SHA-1";
        return ScramCredential.TryParse(string.Join('$', name, iterations.ToString(CultureInfo.InvariantCulture), parts[1], parts[2], parts[3]), out credential);
    }

    /// <summary>Whether a field starts like <c>{SHA512-CRYPT}</c>: a brace, an upper-case scheme name, a brace.</summary>
    private static bool HasSchemePrefix(string field)
    {
        var close = field.IndexOf('}');
        return field.StartsWith('{') && close > 1 && field[1..close].All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '_');
    }

    private static bool IsKnown(string scheme) =>
        scheme is "SHA512-CRYPT" or "SHA256-CRYPT" or "CRYPT" or "CRAM-MD5" or "DIGEST-MD5" or "SCRAM-SHA-1" or "SCRAM-SHA-256";

    private static bool TrySplitUser(int number, string user, out string name, out string? domain, out ImportProblem? problem)
    {
        var at = user.LastIndexOf('@');
        var local = at < 0 ? user : user[..at];
        domain = at < 0 ? null : user[(at + 1)..].ToLowerInvariant();
        name = "";
        problem = null;
        if (!AccountName.IsValid(local))
        {
            problem = new ImportProblem(number, user.Length == 0 ? null : user,
                $"'{local}' is not a valid account name (1-{AccountName.MaxLength} characters of a-z, 0-9, '.', '_', '-')");
            return false;
        }
        name = AccountName.Normalize(local);
        return true;
    }

    private static (ImportEntry?, ImportProblem?) Refuse(int number, string? user, string message) => (null, new ImportProblem(number, user, message));
}
