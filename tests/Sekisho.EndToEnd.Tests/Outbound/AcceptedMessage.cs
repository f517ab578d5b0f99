namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>A message a <see cref="NextHopServer"/> accepted with a 2xx reply at the end of DATA.</summary>
/// <param name="MailFrom">The MAIL command line as received.</param>
/// <param name="Recipients">The RCPT command lines that got a 2xx reply.</param>
/// <param name="Content">The content with dot-stuffing removed, lines ending in CRLF.</param>
public sealed record AcceptedMessage(string MailFrom, IReadOnlyList<string> Recipients, string Content);
