using System.Globalization;

namespace Sekisho.Config;

/// <summary>Parsers for Postfix value types: integers, yes/no booleans and times with units.</summary>
public static class PostfixValues
{
    /// <summary>Parses a decimal integer with an optional leading minus sign.</summary>
    public static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses <c>yes</c> or <c>no</c> (any case), as Postfix does.</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "yes": value = true; return true;
            case "no": value = false; return true;
            default: value = false; return false;
        }
    }

    /// <summary>
    /// Parses a Postfix time: a non-negative number with an optional unit <c>s</c>, <c>m</c>, <c>h</c>,
    /// <c>d</c> or <c>w</c> (seconds when there is none), e.g. <c>300s</c>, <c>5m</c>, <c>1h</c>.
    /// </summary>
    public static bool TryParseTime(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length == 0)
        {
            return false;
        }
        var unit = char.ToLowerInvariant(text[^1]);
        var number = char.IsAsciiDigit(unit) ? text : text[..^1];
        long secondsPerUnit = unit switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            'w' => 604800,
            _ when char.IsAsciiDigit(unit) => 1,
            _ => 0,
        };
        if (secondsPerUnit == 0 || number.Length is 0 or > 9 || !number.All(char.IsAsciiDigit))
        {
            return false;
        }
        value = TimeSpan.FromSeconds(long.Parse(number, CultureInfo.InvariantCulture) * secondsPerUnit);
        return true;
    }
}
