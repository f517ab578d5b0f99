using System.Text;

namespace Sekisho.Server.Smtp;

/// <summary>Counts commands for the disconnect log line, Postfix style: <c>ehlo=1 mail=1 rcpt=1/2 data=1 quit=1 commands=5/6</c>.</summary>
internal sealed class SessionStatistics
{
    private readonly List<(string Name, int Ok, int Total)> _counts = [];

    public void Count(string name, bool ok)
    {
        for (var i = 0; i < _counts.Count; i++)
        {
            if (_counts[i].Name == name)
            {
                var (n, o, t) = _counts[i];
                _counts[i] = (n, o + (ok ? 1 : 0), t + 1);
                return;
            }
        }
        _counts.Add((name, ok ? 1 : 0, 1));
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        int ok = 0, total = 0;
        foreach (var (name, o, t) in _counts)
        {
            text.Append(name).Append('=').Append(Format(o, t)).Append(' ');
            ok += o;
            total += t;
        }
        return text.Append("commands=").Append(Format(ok, total)).ToString();
    }

    private static string Format(int ok, int total) => ok == total ? total.ToString() : $"{ok}/{total}";
}
