using System.Buffers.Binary;
using System.Text;

namespace Simulation.Runner.Tests.Charts;

/// <summary>
/// Writes tiny TrueType fonts for tests, so that font choice can be tested without the machine's
/// fonts: <see cref="CjkOnly"/> has glyphs for Chinese and the space only, like Debian's
/// fonts-droid-fallback (DroidSansFallbackFull.ttf has no Latin letter, digit or punctuation);
/// <see cref="CjkAndLatin"/> has Latin and the symbols charts use too, like Noto Sans CJK. Every character a font
/// has is drawn as the same solid block. The tables are the least FreeType (Skia's loader on Linux)
/// reads: head, hhea, maxp, OS/2, hmtx, cmap (format 4), loca, glyf, name and post.
/// </summary>
internal static class TestFonts
{
    /// <summary>The family name of <see cref="CjkOnly"/>.</summary>
    public const string CjkOnlyFamily = "Test CJK Only";

    /// <summary>The family name of <see cref="CjkAndLatin"/>.</summary>
    public const string CjkAndLatinFamily = "Test CJK And Latin";

    private const int Em = 1000;

    // CJK symbols and punctuation, the unified ideographs, full-width forms.
    private static readonly (int First, int Last)[] Cjk = [(0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF)];

    // One file of each per test process: ScottPlot registers a font file for good, so tests that
    // configure charts with these share them rather than register a new file each.
    private static readonly Lazy<string> Folder = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("test-fonts-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return dir;
    });

    private static readonly Lazy<string> SharedCjkOnly = new(() => CjkOnly(Path.Combine(Folder.Value, "test-cjk-only.ttf")));
    private static readonly Lazy<string> SharedCjkAndLatin = new(() => CjkAndLatin(Path.Combine(Folder.Value, "test-cjk-and-latin.ttf")));

    /// <summary>A <see cref="CjkOnly"/> font file shared by the tests of this process.</summary>
    public static string CjkOnlyPath => SharedCjkOnly.Value;

    /// <summary>A <see cref="CjkAndLatin"/> font file shared by the tests of this process.</summary>
    public static string CjkAndLatinPath => SharedCjkAndLatin.Value;

    /// <summary>Writes a font with Chinese and no Latin letters, digits or punctuation to <paramref name="path"/>.</summary>
    public static string CjkOnly(string path) => Write(path, CjkOnlyFamily, Cjk);

    /// <summary>
    /// Writes a font with Chinese, Latin-1, and the punctuation, arrows, mathematical operators and
    /// geometric shapes charts use (– “ ” … → ≥ − ◆ ▲), to <paramref name="path"/>.
    /// </summary>
    public static string CjkAndLatin(string path) =>
        Write(path, CjkAndLatinFamily, [(0x21, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x22FF), (0x25A0, 0x25FF), .. Cjk]);

    private static string Write(string path, string family, (int First, int Last)[] inked)
    {
        File.WriteAllBytes(path, Build(family, inked));
        return path;
    }

    /// <summary>A font whose glyph 1 (a block) draws every code point of <paramref name="inked"/>, glyph 2 (blank) the space; glyph 0 (.notdef) is blank.</summary>
    private static byte[] Build(string family, (int First, int Last)[] inked)
    {
        // Glyph 0 and 2 have no outline; glyph 1 is one closed contour of four on-curve points.
        short[] xs = [100, 100, 900, 900], ys = [-50, 750, 750, -50];
        var block = new Writer();
        block.I16(1).I16(100).I16(-50).I16(900).I16(750); // contours, bounding box
        block.U16(3).U16(0); // last point of the contour; no instructions
        foreach (short _ in xs)
        {
            block.U8(0x01); // on the curve, coordinates as signed 16-bit deltas
        }

        foreach (short[] coordinates in new[] { xs, ys })
        {
            short previous = 0;
            foreach (short c in coordinates)
            {
                block.I16((short)(c - previous));
                previous = c;
            }
        }

        byte[] glyf = block.Pad(4).ToArray();
        var loca = new Writer().U32(0).U32(0).U32((uint)glyf.Length).U32((uint)glyf.Length); // long offsets
        var hmtx = new Writer().U16(Em).I16(0).U16(Em).I16(100).U16(Em / 3).I16(0);

        var head = new Writer()
            .U32(0x00010000).U32(0x00010000).U32(0).U32(0x5F0F3CF5) // version, revision, checksum adjustment, magic
            .U16(0x000B).U16(Em).U64(0).U64(0) // flags, units per em, created, modified
            .I16(0).I16(-50).I16(Em).I16(750) // bounding box of all glyphs
            .U16(0).U16(8).I16(2).I16(1).I16(0); // style, smallest size, direction hint, long loca, glyph format
        var hhea = new Writer()
            .U32(0x00010000).I16(880).I16(-120).I16(0) // version, ascender, descender, line gap
            .U16(Em).I16(0).I16(0).I16(Em) // widest advance, least bearings, largest extent
            .I16(1).I16(0).I16(0).I16(0).I16(0).I16(0).I16(0) // caret slope and offset, reserved
            .I16(0).U16(3); // metric format, advance widths listed
        var maxp = new Writer().U32(0x00010000).U16(3).U16(4).U16(1).U16(0).U16(0).U16(2)
            .U16(0).U16(0).U16(0).U16(0).U16(0).U16(0).U16(0).U16(0);
        var os2 = new Writer()
            .U16(4).I16(Em).U16(400).U16(5).U16(0) // version, average width, regular weight, normal width, embeddable
            .I16(650).I16(600).I16(0).I16(75).I16(650).I16(600).I16(0).I16(350) // subscript and superscript
            .I16(50).I16(250).I16(0) // strikeout, family class
            .Bytes(new byte[10]) // PANOSE
            .U32(0).U32(0).U32(0).U32(0) // Unicode ranges
            .Bytes("TEST"u8).U16(0x0040) // vendor, REGULAR
            .U16(0x20).U16(0xFFEF) // first and last character
            .I16(880).I16(-120).I16(0).U16(880).U16(120) // typographic and Windows metrics
            .U32(0).U32(0) // code pages
            .I16(500).I16(700).U16(0).U16(0x20).U16(0); // x-height, cap height, default and break characters, context
        var post = new Writer().U32(0x00030000).U32(0).I16(-100).I16(50).U32(0).U32(0).U32(0).U32(0).U32(0);

        return Sfnt(
            ("OS/2", os2.ToArray()), ("cmap", Cmap(inked)), ("glyf", glyf), ("head", head.ToArray()), ("hhea", hhea.ToArray()),
            ("hmtx", hmtx.ToArray()), ("loca", loca.ToArray()), ("maxp", maxp.ToArray()), ("name", Name(family)), ("post", post.ToArray()));
    }

    /// <summary>A Windows Unicode BMP cmap, format 4: the space to glyph 2, every inked code point to glyph 1.</summary>
    private static byte[] Cmap((int First, int Last)[] inked)
    {
        var segments = new List<(int First, int Last, ushort Glyph)> { (0x20, 0x20, 2) };
        segments.AddRange(inked.Select(r => (r.First, r.Last, (ushort)1)));
        segments.Add((0xFFFF, 0xFFFF, 0)); // the required last segment
        int count = segments.Count;
        var glyphIds = new Writer();
        var rangeOffsets = new int[count];
        int entries = 0;
        for (int i = 0; i < count - 1; i++)
        {
            // Byte offset from this segment's idRangeOffset word to its first glyph id.
            rangeOffsets[i] = 2 * (count - i + entries);
            for (int c = segments[i].First; c <= segments[i].Last; c++)
            {
                glyphIds.U16(segments[i].Glyph);
                entries++;
            }
        }

        int log = (int)Math.Log2(count);
        var table = new Writer();
        table.U16(4).U16((ushort)(16 + (8 * count) + (2 * entries))).U16(0)
            .U16((ushort)(2 * count)).U16((ushort)(2 << log)).U16((ushort)log).U16((ushort)((2 * count) - (2 << log)));
        segments.ForEach(s => table.U16((ushort)s.Last));
        table.U16(0);
        segments.ForEach(s => table.U16((ushort)s.First));
        segments.ForEach(s => table.I16((short)(s.First == 0xFFFF ? 1 : 0)));
        foreach (int offset in rangeOffsets)
        {
            table.U16((ushort)offset);
        }

        table.Bytes(glyphIds.ToArray());
        return new Writer().U16(0).U16(1).U16(3).U16(1).U32(12).Bytes(table.ToArray()).ToArray();
    }

    /// <summary>Family, subfamily, full and PostScript names, in Windows Unicode (UTF-16BE).</summary>
    private static byte[] Name(string family)
    {
        (ushort Id, string Text)[] names = [(1, family), (2, "Regular"), (4, family), (6, family.Replace(" ", "", StringComparison.Ordinal))];
        var strings = new Writer();
        var table = new Writer().U16(0).U16((ushort)names.Length).U16((ushort)(6 + (12 * names.Length)));
        foreach (var (id, text) in names)
        {
            byte[] utf16 = Encoding.BigEndianUnicode.GetBytes(text);
            table.U16(3).U16(1).U16(0x0409).U16(id).U16((ushort)utf16.Length).U16((ushort)strings.Length);
            strings.Bytes(utf16);
        }

        return table.Bytes(strings.ToArray()).ToArray();
    }

    /// <summary>The font file: the table directory, then each table on a four-byte boundary.</summary>
    private static byte[] Sfnt(params (string Tag, byte[] Data)[] tables)
    {
        int log = (int)Math.Log2(tables.Length);
        var file = new Writer().U32(0x00010000).U16((ushort)tables.Length)
            .U16((ushort)(16 << log)).U16((ushort)log).U16((ushort)((16 * tables.Length) - (16 << log)));
        int offset = 12 + (16 * tables.Length);
        foreach (var (tag, data) in tables)
        {
            file.Bytes(Encoding.ASCII.GetBytes(tag)).U32(Checksum(data)).U32((uint)offset).U32((uint)data.Length);
            offset += (data.Length + 3) & ~3;
        }

        foreach (var (_, data) in tables)
        {
            file.Bytes(data).Pad(4);
        }

        return file.ToArray();
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        var padded = new byte[(data.Length + 3) & ~3];
        data.CopyTo(padded, 0);
        for (int i = 0; i < padded.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(padded.AsSpan(i));
        }

        return sum;
    }

    /// <summary>Big-endian writing, as every sfnt number is stored.</summary>
    private sealed class Writer
    {
        private readonly List<byte> _bytes = [];

        public int Length => _bytes.Count;

        public Writer U8(byte value)
        {
            _bytes.Add(value);
            return this;
        }

        public Writer U16(int value)
        {
            Span<byte> b = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(b, checked((ushort)value));
            return Bytes(b);
        }

        public Writer I16(short value)
        {
            Span<byte> b = stackalloc byte[2];
            BinaryPrimitives.WriteInt16BigEndian(b, value);
            return Bytes(b);
        }

        public Writer I16(int value) => I16(checked((short)value));

        public Writer U32(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
            return Bytes(b);
        }

        public Writer U64(ulong value)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(b, value);
            return Bytes(b);
        }

        public Writer Bytes(ReadOnlySpan<byte> data)
        {
            _bytes.AddRange(data);
            return this;
        }

        public Writer Pad(int boundary)
        {
            while (_bytes.Count % boundary != 0)
            {
                _bytes.Add(0);
            }

            return this;
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
