using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Simulation.Runner.Charts;

/// <summary>
/// What a chart shows, as a fingerprint that does not depend on how its pixels came out: the SHA-256 of
/// the chart's kind, its data and the settings that change what it shows (size, language), serialised
/// as JSON. It is written into the PNG itself (a <c>tEXt</c> chunk keyed <see cref="Keyword"/>) and
/// into the report's <c>charts.json</c>, so <c>--check</c> can tell a stale, swapped or foreign chart
/// from a current one without comparing rasterised text, which differs with the fonts a machine has.
/// </summary>
public static class ChartStamp
{
    /// <summary>The PNG text keyword that carries the fingerprint.</summary>
    public const string Keyword = "simulation-chart";

    /// <summary>
    /// The revision of how charts are drawn from their data, part of every fingerprint: raise it when a
    /// renderer changes what a chart shows from the same data (axes, panels, labels), so that a chart
    /// drawn by the earlier code reads as stale. 2: probability and difference axes from the data, panels,
    /// thresholds only where a target counts them, overlay series marked identical.
    /// </summary>
    public const int Revision = 2;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>"sha256:…" of the chart's kind (the data's type), <see cref="Revision"/>, data (with what it derives: axes, panels), size and drawn language.</summary>
    public static string Fingerprint<T>(T data, ChartOptions options)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(options);
        var subject = new { Kind = typeof(T).Name, Revision, options.Width, options.Height, Language = options.EffectiveLanguage, Data = data };
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(subject, Json)));
    }

    /// <summary>The PNG with a <c>tEXt</c> chunk holding <paramref name="fingerprint"/> right after its header chunk.</summary>
    public static byte[] Write(byte[] png, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(png);
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (!IsPng(png))
        {
            throw new ArgumentException("not a PNG file", nameof(png));
        }

        // Signature (8) + IHDR chunk: length (4), type (4), 13 bytes of data, CRC (4).
        const int afterHeader = 8 + 4 + 4 + 13 + 4;
        byte[] body = [.. Encoding.Latin1.GetBytes(Keyword), 0, .. Encoding.Latin1.GetBytes(fingerprint)];
        byte[] chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        body.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), Crc32(chunk.AsSpan(4, 4 + body.Length)));
        return [.. png.AsSpan(0, afterHeader), .. chunk, .. png.AsSpan(afterHeader)];
    }

    /// <summary>The fingerprint a PNG carries, or null when it has none (or is not a PNG).</summary>
    public static string? Read(ReadOnlySpan<byte> png)
    {
        if (!IsPng(png))
        {
            return null;
        }

        for (int at = 8; at + 12 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png[at..]);
            if (length < 0 || at + 12L + length > png.Length)
            {
                return null;
            }

            var type = png.Slice(at + 4, 4);
            if (type.SequenceEqual("IDAT"u8))
            {
                return null;
            }

            if (type.SequenceEqual("tEXt"u8))
            {
                var body = png.Slice(at + 8, length);
                int nul = body.IndexOf((byte)0);
                if (nul >= 0 && Encoding.Latin1.GetString(body[..nul]) == Keyword)
                {
                    return Encoding.Latin1.GetString(body[(nul + 1)..]);
                }
            }

            at += 12 + length;
        }

        return null;
    }

    private static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.Length > 33 && bytes[..8].SequenceEqual(Signature);

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
