using Sekisho.Queue;

namespace Sekisho.Cli.Sendmail;

/// <summary>
/// Reads a sendmail command line as Postfix's sendmail(1) does: getopt-style options (<c>-fsender</c> or
/// <c>-f sender</c>, clustered flags), the first argument that is not an option (or <c>--</c>) ending them, then the
/// recipients. Options Sendmail had and Postfix ignores are ignored here too; anything else is a usage error.
/// </summary>
internal static class SendmailOptionParser
{
    /// <summary>Option letters taking a value (Postfix's getopt string <c>A:B:C:F:GIL:N:O:R:UV:X:b:ce:f:h:imno:p:r:q:tvx</c>).</summary>
    private const string WithValue = "ABCFLNORVXbefhopr";

    /// <summary>Option letters without a value.</summary>
    private const string Flags = "GIUcimntvx";

    /// <summary>Parses <paramref name="args"/> (without the program name).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The options, when valid.</param>
    /// <param name="error">The usage error, when not.</param>
    public static bool TryParse(IReadOnlyList<string> args, out SendmailOptions options, out string error)
    {
        options = new SendmailOptions();
        error = "";
        var warnings = new List<string>();
        var index = 0;
        for (; index < args.Count; index++)
        {
            var arg = args[index];
            if (arg == "--")
            {
                index++;
                break;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }
            for (var position = 1; position < arg.Length; position++)
            {
                var letter = arg[position];
                if (letter == 'q')
                {
                    // -q alone flushes; -qRsite / -qSsite flush one site; -q30m (a daemon's interval) is ignored.
                    var interval = arg[(position + 1)..];
                    options = interval switch
                    {
                        "" or "0" => options with { Mode = SendmailMode.Flush },
                        ['R' or 'S', .. var site] when site.Length > 0 => options with { Mode = SendmailMode.Flush, FlushSite = site },
                        _ => options with { Mode = options.Mode == SendmailMode.Deliver ? SendmailMode.Nothing : options.Mode },
                    };
                    break;
                }
                if (Flags.Contains(letter, StringComparison.Ordinal))
                {
                    options = letter switch
                    {
                        'I' => options with { Mode = SendmailMode.NewAliases },
                        'i' => options with { IgnoreDots = true },
                        't' => options with { ExtractRecipients = true },
                        'v' => options with { Verbose = options.Verbose + 1 },
                        _ => options, // -G -U -c -m -n -x: ignored, as in Postfix
                    };
                    continue;
                }
                if (!WithValue.Contains(letter, StringComparison.Ordinal))
                {
                    error = $"invalid option -- '{letter}'";
                    return false;
                }
                string value;
                if (position + 1 < arg.Length)
                {
                    value = arg[(position + 1)..];
                }
                else if (index + 1 < args.Count)
                {
                    value = args[++index];
                }
                else
                {
                    error = $"option requires an argument -- '{letter}'";
                    return false;
                }
                if (!TryApply(letter, value, ref options, warnings, out error))
                {
                    return false;
                }
                break;
            }
        }
        options = options with { Recipients = args.Skip(index).ToArray(), Warnings = warnings };
        return true;
    }

    private static bool TryApply(char letter, string value, ref SendmailOptions options, List<string> warnings, out string error)
    {
        error = "";
        switch (letter)
        {
            case 'b':
                switch (value)
                {
                    case "m":
                        options = options with { Mode = SendmailMode.Deliver };
                        return true;
                    case "s":
                        options = options with { Mode = SendmailMode.Smtp };
                        return true;
                    case "p":
                        options = options with { Mode = SendmailMode.ListQueue };
                        return true;
                    case "i":
                        options = options with { Mode = SendmailMode.NewAliases };
                        return true;
                    case "h" or "H":
                        return true; // host status: ignored, as in Postfix
                    case "d" or "l":
                        error = $"-b{value}: daemon mode is `sekisho serve`";
                        return false;
                    default:
                        error = $"unsupported: -b{value}";
                        return false;
                }
            case 'B':
                if (value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase) || value.Equals("7BIT", StringComparison.OrdinalIgnoreCase))
                {
                    options = options with { BodyType = value.ToUpperInvariant() };
                    return true;
                }
                error = "-B option needs 8BITMIME or 7BIT";
                return false;
            case 'C':
                options = options with { ConfigPath = value };
                return true;
            case 'F':
                options = options with { FullName = value };
                return true;
            case 'f' or 'r':
                options = options with { Sender = value };
                return true;
            case 'N':
                if (TryParseNotify(value, out var notify))
                {
                    options = options with { Notify = notify };
                }
                else
                {
                    warnings.Add($"bad -N option value -- ignored: {value}");
                }
                return true;
            case 'R':
                if (value.Equals("full", StringComparison.OrdinalIgnoreCase) || value.Equals("hdrs", StringComparison.OrdinalIgnoreCase))
                {
                    options = options with { Return = value.Length == 4 && char.ToLowerInvariant(value[0]) == 'f' ? DsnReturn.Full : DsnReturn.Headers };
                }
                else
                {
                    warnings.Add($"bad -R option value -- ignored: {value}");
                }
                return true;
            case 'V':
                if (value.Length is 0 or > 100 || value.Any(c => c is < '!' or > '~'))
                {
                    error = "bad -V option value (an envelope id of up to 100 printable characters)";
                    return false;
                }
                options = options with { EnvelopeId = value };
                return true;
            case 'o':
                if (value.StartsWith('i'))
                {
                    options = options with { IgnoreDots = true };
                }
                return true; // -oem, -odb, -o7, -oA...: ignored, as in Postfix
            default:
                return true; // -A -L -O -X -e -h -p: ignored, as in Postfix
        }
    }

    /// <summary><c>never</c>, or a comma-separated list of <c>success</c>, <c>delay</c>, <c>failure</c>.</summary>
    public static bool TryParseNotify(string value, out DsnNotify notify)
    {
        notify = DsnNotify.None;
        foreach (var word in value.Split(',', StringSplitOptions.TrimEntries))
        {
            notify |= word.ToLowerInvariant() switch
            {
                "never" => DsnNotify.Never,
                "success" => DsnNotify.Success,
                "delay" => DsnNotify.Delay,
                "failure" => DsnNotify.Failure,
                _ => (DsnNotify)0x80,
            };
        }
        return notify != DsnNotify.None && (notify & (DsnNotify)0x80) == 0 && (notify == DsnNotify.Never || (notify & DsnNotify.Never) == 0);
    }
}
