namespace Sekisho.Accounts.Resolution;

/// <summary>
/// Deliver by appending the message to a file in mbox format (an aliases(5) <c>/file</c> target, kept only
/// when <c>allow_mail_to_files</c> allows it).
/// </summary>
/// <param name="Path">The absolute path of the file.</param>
/// <param name="Alias">The alias whose target list holds the file.</param>
public sealed record FileTarget(string Path, string Alias) : DeliveryTarget;
