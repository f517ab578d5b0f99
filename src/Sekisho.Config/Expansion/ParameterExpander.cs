using System.Text;

namespace Sekisho.Config;

/// <summary>
/// Expands parameter references in values: <c>$name</c>, <c>${name}</c>, <c>$(name)</c>,
/// <c>${name?text}</c> (text when name is non-empty), <c>${name:text}</c> (text when name is empty)
/// and <c>$$</c> (a literal <c>$</c>). Each parameter is expanded once and remembered.
/// </summary>
/// <remarks>
/// Undefined names expand to the empty string with a warning. A reference loop, nesting deeper than
/// <see cref="MaxDepth"/>, an unclosed brace or an empty name is an error.
/// </remarks>
internal sealed class ParameterExpander
{
    /// <summary>How deep references may nest (Postfix uses the same limit).</summary>
    public const int MaxDepth = 100;

    private readonly IReadOnlyDictionary<string, ConfigEntry> _entries;
    private readonly string _sourceName;
    private readonly Action<string> _warn;
    private readonly Dictionary<string, string> _expanded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _raw = new(StringComparer.Ordinal);
    private readonly List<string> _stack = [];

    /// <summary>Creates an expander over the file's effective entries.</summary>
    /// <param name="entries">The effective entry of each name set in the file.</param>
    /// <param name="sourceName">The source name used in messages.</param>
    /// <param name="warn">Receives each warning, already prefixed with its location.</param>
    public ParameterExpander(IReadOnlyDictionary<string, ConfigEntry> entries, string sourceName, Action<string> warn)
    {
        _entries = entries;
        _sourceName = sourceName;
        _warn = warn;
    }

    /// <summary>The unexpanded value of each parameter expanded so far (derived defaults are stored already computed).</summary>
    public IReadOnlyDictionary<string, string> RawValues => _raw;

    /// <summary>The fully expanded value of a parameter; the empty string when it is undefined.</summary>
    /// <exception cref="ConfigException">A loop, too deep nesting or malformed reference syntax.</exception>
    public string Expand(string name) => Expand(name, referencedBy: null, warnIfUndefined: false);

    private string Expand(string name, string? referencedBy, bool warnIfUndefined)
    {
        if (_expanded.TryGetValue(name, out var done))
        {
            return done;
        }
        var loopStart = _stack.IndexOf(name);
        if (loopStart >= 0)
        {
            var cycle = string.Join(" -> ", _stack.Skip(loopStart).Append(name).Select(n => "$" + n));
            throw Error(_stack[loopStart], $"expansion loop: {cycle}");
        }
        if (_stack.Count >= MaxDepth)
        {
            throw Error(_stack[0], $"parameter references nested more than {MaxDepth} deep");
        }
        _stack.Add(name);
        string result;
        var raw = Raw(name);
        if (raw is null)
        {
            if (warnIfUndefined && referencedBy is not null)
            {
                _warn(Location(referencedBy) + $"undefined parameter ${name} in value of {referencedBy}");
            }
            result = "";
        }
        else
        {
            _raw[name] = raw;
            result = ExpandText(raw, name);
        }
        _stack.RemoveAt(_stack.Count - 1);
        _expanded[name] = result;
        return result;
    }

    private string? Raw(string name)
    {
        if (_entries.TryGetValue(name, out var entry))
        {
            return entry.Value;
        }
        if (DerivedDefaults.TryCompute(name, other => Expand(other, name, warnIfUndefined: true), out var derived))
        {
            // Already expanded: protect any literal '$' it contains from a second expansion.
            return derived.Replace("$", "$$", StringComparison.Ordinal);
        }
        return ParameterCatalog.Find(name)?.DefaultValue;
    }

    private string ExpandText(string text, string owner)
    {
        if (!text.Contains('$'))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$')
            {
                builder.Append(c);
                i++;
                continue;
            }
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (next == '$')
            {
                builder.Append('$');
                i += 2;
            }
            else if (next is '{' or '(')
            {
                var close = FindClose(text, i + 1, owner);
                builder.Append(ExpandBracketed(text[(i + 2)..close], owner, next));
                i = close + 1;
            }
            else if (MainCfParser.IsNameChar(next))
            {
                var end = i + 1;
                while (end < text.Length && MainCfParser.IsNameChar(text[end]))
                {
                    end++;
                }
                builder.Append(Expand(text[(i + 1)..end], owner, warnIfUndefined: true));
                i = end;
            }
            else
            {
                _warn(Location(owner) + $"stray \"$\" in value of {owner} kept as is (write $$ for a literal $)");
                builder.Append('$');
                i++;
            }
        }
        return builder.ToString();
    }

    private string ExpandBracketed(string inner, string owner, char open)
    {
        var nameEnd = 0;
        while (nameEnd < inner.Length && MainCfParser.IsNameChar(inner[nameEnd]))
        {
            nameEnd++;
        }
        var shown = open == '{' ? $"${{{inner}}}" : $"$({inner})";
        if (nameEnd == 0)
        {
            throw Error(owner, $"empty parameter name in \"{shown}\"");
        }
        var name = inner[..nameEnd];
        if (nameEnd == inner.Length)
        {
            return Expand(name, owner, warnIfUndefined: true);
        }
        var isSet = Expand(name, owner, warnIfUndefined: false).Length > 0;
        return inner[nameEnd] switch
        {
            '?' => isSet ? ExpandText(inner[(nameEnd + 1)..], owner) : "",
            ':' => isSet ? "" : ExpandText(inner[(nameEnd + 1)..], owner),
            _ => throw Error(owner, $"bad parameter reference \"{shown}\" (expected ${{name}}, ${{name?text}} or ${{name:text}})"),
        };
    }

    private int FindClose(string text, int openIndex, string owner)
    {
        var open = text[openIndex];
        var close = open == '{' ? '}' : ')';
        var depth = 0;
        for (var i = openIndex; i < text.Length; i++)
        {
            if (text[i] == open)
            {
                depth++;
            }
            else if (text[i] == close && --depth == 0)
            {
                return i;
            }
        }
        throw Error(owner, $"missing \"{close}\" after \"{text[(openIndex - 1)..]}\"");
    }

    private ConfigException Error(string name, string problem)
    {
        var line = _entries.TryGetValue(name, out var entry) ? entry.Line : 0;
        return new ConfigException(_sourceName, line, $"{name}: {problem}");
    }

    private string Location(string name) =>
        _entries.TryGetValue(name, out var entry) ? $"{_sourceName}:{entry.Line}: " : $"{_sourceName}: ";
}
