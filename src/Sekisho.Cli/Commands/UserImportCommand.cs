using System.CommandLine;
using Sekisho.Accounts;
using Sekisho.Accounts.Import;
using Sekisho.Config;
using Sekisho.Delivery.Local;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho user import FILE [--format saslpasswd|dovecot]</c>: creates accounts from another server's export and says,
/// per user, which mechanisms will work and which need a <c>sekisho user passwd</c>. Passwords and hashes are never
/// printed; problems are reported by line number and user name.
/// </summary>
internal static class UserImportCommand
{
    public static Command Create()
    {
        var config = CommonOptions.ConfigOption();
        var file = new Argument<string>("FILE") { Description = "The export to read; - for standard input." };
        var format = new Option<string?>("--format")
        {
            Description = "saslpasswd (user[@realm]:password lines) or dovecot (a passwd-file). Default: guessed from the first line.",
        };
        format.AcceptOnlyFromAmong("saslpasswd", "dovecot");
        var command = new Command("import", "Import accounts from a saslpasswd-style dump or a Dovecot passwd-file.") { config, format, file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string text;
            var path = parse.GetValue(file)!;
            try
            {
                text = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"sekisho: {path}: {exception.Message}");
                return CommonOptions.DataError;
            }
            var chosen = parse.GetValue(format) switch
            {
                "saslpasswd" => ImportFormat.Saslpasswd,
                "dovecot" => ImportFormat.Dovecot,
                _ => ImportFileParser.Detect(text),
            };
            if (parse.GetValue(format) is null)
            {
                Console.Error.WriteLine($"sekisho: reading {path} as {(chosen == ImportFormat.Dovecot ? "a Dovecot passwd-file" : "saslpasswd-style user:password lines")} (use --format to choose)");
            }
            var parsed = ImportFileParser.Parse(new StringReader(text), chosen);
            return await UserCommand.WithStoreAsync(parse.GetValue(config), async (store, settings) =>
                await ImportAsync(store, settings, parsed, cancellationToken));
        });
        return command;
    }

    private static async Task<int> ImportAsync(IAccountStore store, SekishoSettings settings, ImportFile parsed, CancellationToken cancellationToken)
    {
        var mechanisms = settings.Sasl.Mechanisms.Count > 0 ? settings.Sasl.Mechanisms : SaslMechanismNames.All;
        var importer = new AccountImporter(store, Sekisho.Server.Auth.CredentialPolicy.For(settings), mechanisms);
        var outcomes = await importer.ImportAsync(parsed.Entries, cancellationToken);
        foreach (var problem in parsed.Problems)
        {
            Console.Error.WriteLine($"sekisho: line {problem.Line}{(problem.Name is null ? "" : $" ({problem.Name})")}: not imported: {problem.Message}");
        }
        foreach (var outcome in outcomes)
        {
            if (outcome.Status == ImportStatus.Imported)
            {
                MaildirWriter.EnsureCreated(Path.Combine(settings.MaildirBase, outcome.Name));
            }
            Console.WriteLine(Describe(outcome));
        }
        var imported = outcomes.Count(outcome => outcome.Status == ImportStatus.Imported);
        var unchanged = outcomes.Count(outcome => outcome.Status == ImportStatus.Exists);
        var refused = parsed.Problems.Count + outcomes.Count(outcome => outcome.Status == ImportStatus.Refused);
        Console.WriteLine($"sekisho: {imported} imported, {unchanged} unchanged, {refused} refused");
        return refused > 0 ? CommonOptions.DataError : 0;
    }

    private static string Describe(ImportOutcome outcome)
    {
        var text = outcome.Status switch
        {
            ImportStatus.Imported => $"sekisho: {outcome.Name}: imported"
                + (outcome.Working.Count > 0 ? "; works with " + string.Join(", ", outcome.Working) : "; no enabled mechanism works yet")
                + (outcome.NeedPassword.Count > 0 ? $"; run `sekisho user passwd {outcome.Name}` for " + string.Join(", ", outcome.NeedPassword) : ""),
            ImportStatus.Exists => $"sekisho: {outcome.Name}: exists; left unchanged",
            _ => $"sekisho: line {outcome.Line} ({outcome.Name}): not imported",
        };
        var notes = outcome.Status == ImportStatus.Exists ? [] : outcome.Notes;
        return notes.Count == 0 ? text : text + " (" + string.Join("; ", notes) + ")";
    }
}
