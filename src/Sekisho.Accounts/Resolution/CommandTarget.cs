namespace Sekisho.Accounts.Resolution;

/// <summary>
/// Deliver by running a command with the message on its standard input (an aliases(5) <c>|command</c> target,
/// kept only when <c>allow_mail_to_commands</c> allows it).
/// </summary>
/// <param name="Command">The command line without the leading <c>|</c>, run with <c>/bin/sh -c</c>.</param>
/// <param name="Alias">The alias whose target list holds the command (the command's <c>LOCAL</c>).</param>
public sealed record CommandTarget(string Command, string Alias) : DeliveryTarget;
