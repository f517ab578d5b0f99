namespace Sekisho.Protocol.Smtp;

/// <summary>One parsed command line: the verb and the rest of the line (verb and the following space removed).</summary>
/// <param name="Verb">The command.</param>
/// <param name="Argument">Everything after the verb and the spaces or tabs separating it, decoded as UTF-8, with trailing spaces and tabs removed; "" when none.</param>
public readonly record struct SmtpCommand(SmtpVerb Verb, string Argument);
