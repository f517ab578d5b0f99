using System.Text;

namespace Sekisho.Cli.RelayTest;

/// <summary>One complete SMTP reply as a tested server sent it: the code and every line's text.</summary>
/// <param name="Code">The three-digit reply code, e.g. 250 or 554.</param>
/// <param name="Lines">The text after the code of each line (a multi-line reply has several), control characters made visible.</param>
internal sealed record ProbeReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>True for a 2xx reply: the server accepted the command.</summary>
    public bool IsPositive => Code is >= 200 and < 300;

    /// <summary>True for a 4xx reply: the server asked to try later.</summary>
    public bool IsTransient => Code is >= 400 and < 500;

    /// <summary>The first word of the first line: a greeting's host name (<c>220 mx.example.test ESMTP</c>).</summary>
    public string FirstWord
    {
        get
        {
            var text = Lines.Count > 0 ? Lines[0] : "";
            var space = text.IndexOf(' ');
            return space < 0 ? text : text[..space];
        }
    }

    /// <summary>
    /// The reply on one line, as printed in a test's result: <c>554 5.7.1 &lt;b@x&gt;: Relay access denied</c>;
    /// the lines of a multi-line reply joined by <c> / </c>, the enhanced code they repeat shown once.
    /// </summary>
    public override string ToString()
    {
        var enhanced = Lines.Count > 0 ? EnhancedCode(Lines[0]) : null;
        var texts = Lines.Select((line, index) =>
            index > 0 && enhanced is not null && EnhancedCode(line) == enhanced ? line[(enhanced.Length + 1)..] : line);
        var text = string.Join(" / ", texts.Where(line => line.Length > 0));
        return text.Length == 0 ? Code.ToString("D3") : $"{Code:D3} {text}";
    }

    /// <summary>The enhanced status code (<c>5.7.1</c>) a line's text starts with and a space follows, or null.</summary>
    private static string? EnhancedCode(string text)
    {
        var space = text.IndexOf(' ');
        var word = space < 0 ? "" : text[..space];
        var parts = word.Split('.');
        return parts.Length == 3 && parts.All(part => part.Length is > 0 and <= 3 && part.All(char.IsAsciiDigit)) ? word : null;
    }

    /// <summary>Makes a server's text safe to print: anything outside printable ASCII becomes <c>?</c>.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return builder.ToString();
    }
}
