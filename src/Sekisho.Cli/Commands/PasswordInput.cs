using System.Text;

namespace Sekisho.Cli.Commands;

/// <summary>Reads a password from standard input (<c>--password-stdin</c>) or from the terminal without echo. Never from argv.</summary>
internal static class PasswordInput
{
    public static string? Read(bool fromStdin)
    {
        if (fromStdin || Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line) ? null : line;
        }
        var first = Prompt("Password: ");
        var second = Prompt("Again: ");
        if (first != second)
        {
            Console.Error.WriteLine("sekisho: the two passwords differ");
            return null;
        }
        return first.Length == 0 ? null : first;
    }

    private static string Prompt(string text)
    {
        Console.Error.Write(text);
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
                continue;
            }
            if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
