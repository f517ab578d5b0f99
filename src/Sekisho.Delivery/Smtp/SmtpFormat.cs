using MimeKit;

namespace Sekisho.Delivery.Smtp;

/// <summary>The MimeKit format options for sending queued bytes unchanged: CRLF, and never <c>International</c> (which re-encodes headers).</summary>
public static class SmtpFormat
{
    /// <summary>A fresh copy each time: MailKit and MimeKit may change the instance they are given.</summary>
    public static FormatOptions Options
    {
        get
        {
            var options = FormatOptions.Default.Clone();
            options.NewLineFormat = NewLineFormat.Dos;
            options.International = false;
            options.EnsureNewLine = true;
            return options;
        }
    }
}
