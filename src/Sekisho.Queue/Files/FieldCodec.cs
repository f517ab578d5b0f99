using System.Text;

namespace Sekisho.Queue.Files;

/// <summary>
/// Encodes one queue-file field so it holds no space, '%' or control character: those bytes become
/// <c>%XX</c>. UTF-8 text passes as it is. An empty field is written as <c>%</c>.
/// </summary>
internal static class FieldCodec
{
    public static string Encode(string value)
    {
        if (value.Length == 0)
        {
            return "%";
        }
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c <= ' ' || c == '%' || c == '\x7f')
            {
                builder.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    public static bool TryDecode(string field, out string value)
    {
        value = "";
        if (field == "%")
        {
            return true;
        }
        if (!field.Contains('%'))
        {
            value = field;
            return true;
        }
        var builder = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '%')
            {
                builder.Append(field[i]);
                continue;
            }
            if (i + 2 >= field.Length
                || !byte.TryParse(field.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
            {
                return false;
            }
            builder.Append((char)b);
            i += 2;
        }
        value = builder.ToString();
        return true;
    }
}
