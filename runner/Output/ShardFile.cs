using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Output;

/// <summary>What a shard file says about the run it belongs to; shards merge only when all of this agrees.</summary>
/// <param name="FormatVersion">The file format's version (<see cref="ShardFile.Version"/>).</param>
/// <param name="EngineVersion">The engine that wrote it.</param>
/// <param name="Study">The study id.</param>
/// <param name="StudyFile">The study file, relative to the directory the shard was run from.</param>
/// <param name="Inputs">SHA-256 of every input file, by path relative to the repository root.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Paths">Paths of the whole run.</param>
/// <param name="BlockSize">Paths per block.</param>
/// <param name="Shard">This shard's index, 0-based.</param>
/// <param name="Shards">How many shards the run has.</param>
/// <param name="FirstBlock">The first block this shard ran.</param>
/// <param name="BlockCount">How many blocks it ran.</param>
/// <param name="Scenarios">Scenario ids in study order.</param>
internal sealed record ShardHeader(int FormatVersion, string EngineVersion, string Study, string StudyFile, SortedDictionary<string, string> Inputs,
    ulong Seed, int Paths, int BlockSize, int Shard, int Shards, int FirstBlock, int BlockCount, string[] Scenarios);

/// <summary>
/// The file a <c>run --shard I/N</c> writes: the magic bytes <c>SIMSHARD</c>, a little-endian int32
/// format version, an int32 length and the UTF-8 JSON <see cref="ShardHeader"/>, then a gzip stream of
/// each scenario's counts in study order (int64 paths and out-of-range, then each array as an int32
/// length and its little-endian elements: histogram int32, sums and sums of squares as two uint64 each
/// (low, high), threshold, target and pair counts int64, the paired differences' sums (two's
/// complement) and sums of squares as two uint64 each, the threshold pair counts int64), each followed
/// by the shard's rows of the scenario's recorded paths: a byte 0 (none) or 1, then int32 first path,
/// int32 rows and the rows' values as float64 (format 3; format 2 had no paired cluster sums, format 1 no rows).
/// </summary>
internal static class ShardFile
{
    /// <summary>The format version; shards of another version are refused.</summary>
    public const int Version = 3;

    /// <summary>The file name extension.</summary>
    public const string Extension = ".simshard";

    private static readonly byte[] Magic = "SIMSHARD"u8.ToArray();

    public static byte[] Write(ShardHeader header, IReadOnlyList<AccumulatorState> states, IReadOnlyList<SampleRows?> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
            writer.Write(json.Length);
            writer.Write(json);
        }

        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(zip))
        {
            for (int i = 0; i < states.Count; i++)
            {
                var s = states[i];
                writer.Write(s.Paths);
                writer.Write(s.OutOfRange);
                WriteArray(writer, s.Histogram, (w, v) => w.Write(v));
                WriteArray(writer, s.Sum, WriteUInt128);
                WriteArray(writer, s.SumOfSquares, WriteUInt128);
                WriteArray(writer, s.ThresholdCounts, (w, v) => w.Write(v));
                WriteArray(writer, s.TargetCounts, (w, v) => w.Write(v));
                WriteArray(writer, s.PairCounts, (w, v) => w.Write(v));
                WriteArray(writer, s.PairedSum, (w, v) => WriteUInt128(w, (UInt128)v));
                WriteArray(writer, s.PairedSumOfSquares, WriteUInt128);
                WriteArray(writer, s.ThresholdPairCounts, (w, v) => w.Write(v));
                if (rows[i] is { } r)
                {
                    writer.Write((byte)1);
                    writer.Write(r.FirstPath);
                    writer.Write(r.Count);
                    WriteArray(writer, r.Values, (w, v) => w.Write(v));
                }
                else
                {
                    writer.Write((byte)0);
                }
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a shard file.</summary>
    /// <exception cref="InvalidDataException">Not a shard file, another format version, or truncated (the message says which).</exception>
    public static (ShardHeader Header, ImmutableArray<AccumulatorState> States, ImmutableArray<SampleRows?> Rows) Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var reader = new BinaryReader(file, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path}: not a shard file (written by `simulate run --shard`)");
            }

            int version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{path}: shard format version {version}; this simulate reads version {Version}");
            }

            var header = JsonSerializer.Deserialize<ShardHeader>(reader.ReadBytes(reader.ReadInt32()))
                ?? throw new InvalidDataException($"{path}: empty shard header");
            using var zip = new GZipStream(file, CompressionMode.Decompress);
            using var data = new BinaryReader(zip);
            var states = ImmutableArray.CreateBuilder<AccumulatorState>(header.Scenarios.Length);
            var rows = ImmutableArray.CreateBuilder<SampleRows?>(header.Scenarios.Length);
            for (int s = 0; s < header.Scenarios.Length; s++)
            {
                states.Add(new AccumulatorState(
                    data.ReadInt64(),
                    data.ReadInt64(),
                    ReadArray(data, r => r.ReadInt32()),
                    ReadArray(data, ReadUInt128),
                    ReadArray(data, ReadUInt128),
                    ReadArray(data, r => r.ReadInt64()),
                    ReadArray(data, r => r.ReadInt64()),
                    ReadArray(data, r => r.ReadInt64()))
                {
                    PairedSum = ReadArray(data, r => (Int128)ReadUInt128(r)),
                    PairedSumOfSquares = ReadArray(data, ReadUInt128),
                    ThresholdPairCounts = ReadArray(data, r => r.ReadInt64()),
                });
                rows.Add(data.ReadByte() == 1 ? new SampleRows(data.ReadInt32(), data.ReadInt32(), ReadArray(data, r => r.ReadDouble())) : null);
            }

            return (header, states.MoveToImmutable(), rows.MoveToImmutable());
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException($"{path}: truncated or damaged shard file ({ex.Message})", ex);
        }
    }

    private static void WriteUInt128(BinaryWriter writer, UInt128 value)
    {
        writer.Write((ulong)value);
        writer.Write((ulong)(value >> 64));
    }

    private static UInt128 ReadUInt128(BinaryReader reader)
    {
        ulong lower = reader.ReadUInt64();
        return new UInt128(reader.ReadUInt64(), lower);
    }

    private static void WriteArray<T>(BinaryWriter writer, ImmutableArray<T> values, Action<BinaryWriter, T> write)
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            write(writer, v);
        }
    }

    private static ImmutableArray<T> ReadArray<T>(BinaryReader reader, Func<BinaryReader, T> read)
    {
        int length = reader.ReadInt32();
        if (length < 0 || length > 100_000_000)
        {
            throw new InvalidDataException($"an array of {length} elements");
        }

        var builder = ImmutableArray.CreateBuilder<T>(length);
        for (int i = 0; i < length; i++)
        {
            builder.Add(read(reader));
        }

        return builder.MoveToImmutable();
    }
}
