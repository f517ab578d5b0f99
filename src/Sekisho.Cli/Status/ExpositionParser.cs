using System.Globalization;
using System.Text;

namespace Sekisho.Cli.Status;

/// <summary>
/// Reads the samples of the Prometheus text format (version 0.0.4) that the server's <c>status</c> request returns:
/// comment lines (<c># HELP</c>, <c># TYPE</c>) and blank lines are skipped; a line that cannot be read is an error.
/// </summary>
internal static class ExpositionParser
{
    /// <summary>Parses every sample.</summary>
    /// <exception cref="FormatException">A line is not a sample.</exception>
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            samples.Add(ParseLine(line));
        }
        return samples;
    }

    private static MetricSample ParseLine(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }
        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i = ParseLabels(line, i + 1, labels);
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (name.Length == 0 || rest.Length is 0 or > 2)
        {
            throw new FormatException("not a metric sample: " + line);
        }
        return new MetricSample(name, labels, ParseValue(rest[0], line));
    }

    /// <summary>Reads <c>name="value",...}</c> from <paramref name="i"/>; returns the index after the closing brace.</summary>
    private static int ParseLabels(string line, int i, Dictionary<string, string> labels)
    {
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or ',')
            {
                i++;
            }
            if (i < line.Length && line[i] == '}')
            {
                return i + 1;
            }
            var equals = line.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                throw new FormatException("bad labels: " + line);
            }
            var label = line[i..equals].Trim();
            var value = new StringBuilder();
            i = equals + 2;
            while (i < line.Length && line[i] != '"')
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
                i++;
            }
            if (i >= line.Length)
            {
                throw new FormatException("unterminated label value: " + line);
            }
            labels[label] = value.ToString();
            i++;
        }
    }

    private static double ParseValue(string text, string line) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException("bad value: " + line),
    };
}
