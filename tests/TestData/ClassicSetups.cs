namespace Sekisho.TestData;

/// <summary>
/// The classic setups Sekisho must take as they are, kept once as files in tests/TestData and linked into each
/// test project (copied next to the test assembly under ClassicSetups/).
/// </summary>
internal static class ClassicSetups
{
    /// <summary>The home-server Postfix main.cf from the how-to (relaying decided in smtpd_recipient_restrictions, line 9).</summary>
    public static string HomeServer { get; } = Read("home-server.main.cf");

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ClassicSetups", name));
}
