namespace Sekisho.Protocol.Smtp;

/// <summary>One ESMTP parameter of MAIL or RCPT (RFC 5321 4.1.2 esmtp-param), e.g. <c>SIZE=1000</c> or <c>SMTPUTF8</c>.</summary>
/// <param name="Keyword">The keyword, upper-cased.</param>
/// <param name="Value">The value, or null when the parameter had none.</param>
public readonly record struct EsmtpParameter(string Keyword, string? Value);
