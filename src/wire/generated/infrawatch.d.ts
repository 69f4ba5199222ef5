import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace infrawatch {

    interface IProcessEnvelope extends infrawatch.ProcessEnvelope.$Properties {
    }

    class ProcessEnvelope {
        constructor(properties?: infrawatch.ProcessEnvelope.$Properties);
        $unknowns?: Uint8Array[];
        entityGuid: string;
        schemaVersion: string;
        payload?: (infrawatch.TopNBatch.$Properties|null);
        static create(properties: infrawatch.ProcessEnvelope.$Shape): infrawatch.ProcessEnvelope & infrawatch.ProcessEnvelope.$Shape;
        static create(properties?: infrawatch.ProcessEnvelope.$Properties): infrawatch.ProcessEnvelope;
        static encode(message: infrawatch.ProcessEnvelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ProcessEnvelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ProcessEnvelope & infrawatch.ProcessEnvelope.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ProcessEnvelope & infrawatch.ProcessEnvelope.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ProcessEnvelope;
        static toObject(message: infrawatch.ProcessEnvelope, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProcessEnvelope {
        interface $Properties {
            entityGuid?: (string|null);
            schemaVersion?: (string|null);
            payload?: (infrawatch.TopNBatch.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ProcessEnvelope.$Properties;
    }

    interface ITopNBatch extends infrawatch.TopNBatch.$Properties {
    }

    class TopNBatch {
        constructor(properties?: infrawatch.TopNBatch.$Properties);
        $unknowns?: Uint8Array[];
        timestampMs: (number|Long);
        intervalMs: number;
        top: infrawatch.ProcessSample.$Properties[];
        aggregates: infrawatch.ProcessAggregateSample.$Properties[];
        totals?: (infrawatch.ProcessTotals.$Properties|null);
        topnCaptureRatioCpu: number;
        topnCaptureRatioRss: number;
        mode: string;
        topN: number;
        counters?: (infrawatch.ScanCounters.$Properties|null);
        ephemeral?: (infrawatch.ProcessEphemeral.$Properties|null);
        static create(properties: infrawatch.TopNBatch.$Shape): infrawatch.TopNBatch & infrawatch.TopNBatch.$Shape;
        static create(properties?: infrawatch.TopNBatch.$Properties): infrawatch.TopNBatch;
        static encode(message: infrawatch.TopNBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.TopNBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.TopNBatch & infrawatch.TopNBatch.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.TopNBatch & infrawatch.TopNBatch.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.TopNBatch;
        static toObject(message: infrawatch.TopNBatch, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace TopNBatch {
        interface $Properties {
            timestampMs?: (number|Long|null);
            intervalMs?: (number|null);
            top?: (infrawatch.ProcessSample.$Properties[]|null);
            aggregates?: (infrawatch.ProcessAggregateSample.$Properties[]|null);
            totals?: (infrawatch.ProcessTotals.$Properties|null);
            topnCaptureRatioCpu?: (number|null);
            topnCaptureRatioRss?: (number|null);
            mode?: (string|null);
            topN?: (number|null);
            counters?: (infrawatch.ScanCounters.$Properties|null);
            ephemeral?: (infrawatch.ProcessEphemeral.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.TopNBatch.$Properties;
    }

    interface IProcessEphemeral extends infrawatch.ProcessEphemeral.$Properties {
    }

    class ProcessEphemeral {
        constructor(properties?: infrawatch.ProcessEphemeral.$Properties);
        $unknowns?: Uint8Array[];
        byName: infrawatch.ProcessEphemeralSummary.$Properties[];
        byParent: infrawatch.ProcessEphemeralSummary.$Properties[];
        exits: number;
        lost: number;
        intervalMs: number;
        static create(properties: infrawatch.ProcessEphemeral.$Shape): infrawatch.ProcessEphemeral & infrawatch.ProcessEphemeral.$Shape;
        static create(properties?: infrawatch.ProcessEphemeral.$Properties): infrawatch.ProcessEphemeral;
        static encode(message: infrawatch.ProcessEphemeral.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ProcessEphemeral.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ProcessEphemeral & infrawatch.ProcessEphemeral.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ProcessEphemeral & infrawatch.ProcessEphemeral.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ProcessEphemeral;
        static toObject(message: infrawatch.ProcessEphemeral, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProcessEphemeral {
        interface $Properties {
            byName?: (infrawatch.ProcessEphemeralSummary.$Properties[]|null);
            byParent?: (infrawatch.ProcessEphemeralSummary.$Properties[]|null);
            exits?: (number|null);
            lost?: (number|null);
            intervalMs?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ProcessEphemeral.$Properties;
    }

    interface IProcessEphemeralSummary extends infrawatch.ProcessEphemeralSummary.$Properties {
    }

    class ProcessEphemeralSummary {
        constructor(properties?: infrawatch.ProcessEphemeralSummary.$Properties);
        $unknowns?: Uint8Array[];
        processDisplayName: string;
        processCount: number;
        cpuPercent: number;
        memoryResidentPeakBytes: (number|Long);
        lifetimeP50Ms: number;
        lifetimeP95Ms: number;
        lifetimeP99Ms: number;
        lifetimeMaxMs: number;
        exitCodes: infrawatch.ExitCodeCount.$Properties[];
        static create(properties: infrawatch.ProcessEphemeralSummary.$Shape): infrawatch.ProcessEphemeralSummary & infrawatch.ProcessEphemeralSummary.$Shape;
        static create(properties?: infrawatch.ProcessEphemeralSummary.$Properties): infrawatch.ProcessEphemeralSummary;
        static encode(message: infrawatch.ProcessEphemeralSummary.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ProcessEphemeralSummary.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ProcessEphemeralSummary & infrawatch.ProcessEphemeralSummary.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ProcessEphemeralSummary & infrawatch.ProcessEphemeralSummary.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ProcessEphemeralSummary;
        static toObject(message: infrawatch.ProcessEphemeralSummary, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProcessEphemeralSummary {
        interface $Properties {
            processDisplayName?: (string|null);
            processCount?: (number|null);
            cpuPercent?: (number|null);
            memoryResidentPeakBytes?: (number|Long|null);
            lifetimeP50Ms?: (number|null);
            lifetimeP95Ms?: (number|null);
            lifetimeP99Ms?: (number|null);
            lifetimeMaxMs?: (number|null);
            exitCodes?: (infrawatch.ExitCodeCount.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ProcessEphemeralSummary.$Properties;
    }

    interface IExitCodeCount extends infrawatch.ExitCodeCount.$Properties {
    }

    class ExitCodeCount {
        constructor(properties?: infrawatch.ExitCodeCount.$Properties);
        $unknowns?: Uint8Array[];
        exitCode: number;
        count: number;
        static create(properties: infrawatch.ExitCodeCount.$Shape): infrawatch.ExitCodeCount & infrawatch.ExitCodeCount.$Shape;
        static create(properties?: infrawatch.ExitCodeCount.$Properties): infrawatch.ExitCodeCount;
        static encode(message: infrawatch.ExitCodeCount.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ExitCodeCount.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ExitCodeCount & infrawatch.ExitCodeCount.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ExitCodeCount & infrawatch.ExitCodeCount.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ExitCodeCount;
        static toObject(message: infrawatch.ExitCodeCount, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ExitCodeCount {
        interface $Properties {
            exitCode?: (number|null);
            count?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ExitCodeCount.$Properties;
    }

    interface IProcessSample extends infrawatch.ProcessSample.$Properties {
    }

    class ProcessSample {
        constructor(properties?: infrawatch.ProcessSample.$Properties);
        $unknowns?: Uint8Array[];
        processId: number;
        parentProcessId: number;
        commandName: string;
        processDisplayName: string;
        state: string;
        cpuPercent?: (number|null);
        cpuUserPercent?: (number|null);
        cpuSystemPercent?: (number|null);
        memoryResidentSizeBytes: (number|Long);
        memoryVirtualSizeBytes: (number|Long);
        threadCount: number;
        commandLine: string;
        commandLineTruncated: boolean;
        userName: string;
        ioTotalReadBytes?: (number|Long|null);
        ioTotalWriteBytes?: (number|Long|null);
        pinned: boolean;
        agentSelf: boolean;
        minorPageFaults: (number|Long);
        majorPageFaults: (number|Long);
        reapedChildrenCpuPercent?: (number|null);
        threads: infrawatch.ProcessThreadSample.$Properties[];
        static create(properties: infrawatch.ProcessSample.$Shape): infrawatch.ProcessSample & infrawatch.ProcessSample.$Shape;
        static create(properties?: infrawatch.ProcessSample.$Properties): infrawatch.ProcessSample;
        static encode(message: infrawatch.ProcessSample.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ProcessSample.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ProcessSample & infrawatch.ProcessSample.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ProcessSample & infrawatch.ProcessSample.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ProcessSample;
        static toObject(message: infrawatch.ProcessSample, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProcessSample {
        interface $Properties {
            processId?: (number|null);
            parentProcessId?: (number|null);
            commandName?: (string|null);
            processDisplayName?: (string|null);
            state?: (string|null);
            cpuPercent?: (number|null);
            cpuUserPercent?: (number|null);
            cpuSystemPercent?: (number|null);
            memoryResidentSizeBytes?: (number|Long|null);
            memoryVirtualSizeBytes?: (number|Long|null);
            threadCount?: (number|null);
            commandLine?: (string|null);
            commandLineTruncated?: (boolean|null);
            userName?: (string|null);
            ioTotalReadBytes?: (number|Long|null);
            ioTotalWriteBytes?: (number|Long|null);
            pinned?: (boolean|null);
            agentSelf?: (boolean|null);
            minorPageFaults?: (number|Long|null);
            majorPageFaults?: (number|Long|null);
            reapedChildrenCpuPercent?: (number|null);
            threads?: (infrawatch.ProcessThreadSample.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ProcessSample.$Properties;
    }

    interface IProcessThreadSample extends infrawatch.ProcessThreadSample.$Properties {
    }

    class ProcessThreadSample {
        constructor(properties?: infrawatch.ProcessThreadSample.$Properties);
        $unknowns?: Uint8Array[];
        threadId: number;
        name: string;
        state: string;
        cpuPercent: number;
        static create(properties: infrawatch.ProcessThreadSample.$Shape): infrawatch.ProcessThreadSample & infrawatch.ProcessThreadSample.$Shape;
        static create(properties?: infrawatch.ProcessThreadSample.$Properties): infrawatch.ProcessThreadSample;
        static encode(message: infrawatch.ProcessThreadSample.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ProcessThreadSample.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ProcessThreadSample & infrawatch.ProcessThreadSample.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ProcessThreadSample & infrawatch.ProcessThreadSample.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ProcessThreadSample;
        static toObject(message: infrawatch.ProcessThreadSample, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProcessThreadSample {
        interface $Properties {
            threadId?: (number|null);
            name?: (string|null);
            state?: (string|null);
            cpuPercent?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ProcessThreadSample.$Properties;
    }

    interface IProcessAggregateSample extends infrawatch.ProcessAggregateSample.$Properties {
    }

    class ProcessAggregateSample {
        constructor(properties?: infrawatch.ProcessAggregateSample.$Properties);
        $unknowns?: Uint8Array[];
        processDisplayName: string;
        processCount: number;
        cpuPercent: number;
        cpuUserPercent: number;
        cpuSystemPercent: number;
        memoryResidentSizeBytes: (number|Long);
        memoryVirtualSizeBytes: (number|Long);
        threadCount: (number|Long);
        reapedChildrenCpuPercent: number;
        unattributed: boolean;
        static create(properties: infrawatch.ProcessAggregateSample.$Shape): infrawatch.ProcessAggregateSample & infrawatch.ProcessAggregateSample.$Shape;
        static create(properties?: infrawatch.ProcessAggregateSample.$Properties): infrawatch.ProcessAggregateSample;
        static encode(message: infrawatch.ProcessAggregateSample.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ProcessAggregateSample.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ProcessAggregateSample & infrawatch.ProcessAggregateSample.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ProcessAggregateSample & infrawatch.ProcessAggregateSample.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ProcessAggregateSample;
        static toObject(message: infrawatch.ProcessAggregateSample, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProcessAggregateSample {
        interface $Properties {
            processDisplayName?: (string|null);
            processCount?: (number|null);
            cpuPercent?: (number|null);
            cpuUserPercent?: (number|null);
            cpuSystemPercent?: (number|null);
            memoryResidentSizeBytes?: (number|Long|null);
            memoryVirtualSizeBytes?: (number|Long|null);
            threadCount?: (number|Long|null);
            reapedChildrenCpuPercent?: (number|null);
            unattributed?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ProcessAggregateSample.$Properties;
    }

    interface IProcessTotals extends infrawatch.ProcessTotals.$Properties {
    }

    class ProcessTotals {
        constructor(properties?: infrawatch.ProcessTotals.$Properties);
        $unknowns?: Uint8Array[];
        processCount: number;
        kernelThreadCount: number;
        threadCount: (number|Long);
        cpuPercent: number;
        cpuUserPercent: number;
        cpuSystemPercent: number;
        memoryResidentSizeBytes: (number|Long);
        memoryVirtualSizeBytes: (number|Long);
        reapedChildrenCpuPercent: number;
        hostCpuPercent?: (number|null);
        unattributedCpuPercent?: (number|null);
        static create(properties: infrawatch.ProcessTotals.$Shape): infrawatch.ProcessTotals & infrawatch.ProcessTotals.$Shape;
        static create(properties?: infrawatch.ProcessTotals.$Properties): infrawatch.ProcessTotals;
        static encode(message: infrawatch.ProcessTotals.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ProcessTotals.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ProcessTotals & infrawatch.ProcessTotals.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ProcessTotals & infrawatch.ProcessTotals.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ProcessTotals;
        static toObject(message: infrawatch.ProcessTotals, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ProcessTotals {
        interface $Properties {
            processCount?: (number|null);
            kernelThreadCount?: (number|null);
            threadCount?: (number|Long|null);
            cpuPercent?: (number|null);
            cpuUserPercent?: (number|null);
            cpuSystemPercent?: (number|null);
            memoryResidentSizeBytes?: (number|Long|null);
            memoryVirtualSizeBytes?: (number|Long|null);
            reapedChildrenCpuPercent?: (number|null);
            hostCpuPercent?: (number|null);
            unattributedCpuPercent?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ProcessTotals.$Properties;
    }

    interface IScanCounters extends infrawatch.ScanCounters.$Properties {
    }

    class ScanCounters {
        constructor(properties?: infrawatch.ScanCounters.$Properties);
        $unknowns?: Uint8Array[];
        listed: number;
        scanned: number;
        vanished: number;
        denied: number;
        malformed: number;
        readErrors: number;
        newProcesses: number;
        pidsReused: number;
        counterBackwards: number;
        cpuClamped: number;
        missing: number;
        scanner: string;
        bpfFallbacks: number;
        static create(properties: infrawatch.ScanCounters.$Shape): infrawatch.ScanCounters & infrawatch.ScanCounters.$Shape;
        static create(properties?: infrawatch.ScanCounters.$Properties): infrawatch.ScanCounters;
        static encode(message: infrawatch.ScanCounters.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.ScanCounters.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.ScanCounters & infrawatch.ScanCounters.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.ScanCounters & infrawatch.ScanCounters.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.ScanCounters;
        static toObject(message: infrawatch.ScanCounters, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScanCounters {
        interface $Properties {
            listed?: (number|null);
            scanned?: (number|null);
            vanished?: (number|null);
            denied?: (number|null);
            malformed?: (number|null);
            readErrors?: (number|null);
            newProcesses?: (number|null);
            pidsReused?: (number|null);
            counterBackwards?: (number|null);
            cpuClamped?: (number|null);
            missing?: (number|null);
            scanner?: (string|null);
            bpfFallbacks?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.ScanCounters.$Properties;
    }

    interface IAgentDiagEvent extends infrawatch.AgentDiagEvent.$Properties {
    }

    class AgentDiagEvent {
        constructor(properties?: infrawatch.AgentDiagEvent.$Properties);
        $unknowns?: Uint8Array[];
        module: string;
        eventType: string;
        reason: string;
        tsNs: (number|Long);
        static create(properties: infrawatch.AgentDiagEvent.$Shape): infrawatch.AgentDiagEvent & infrawatch.AgentDiagEvent.$Shape;
        static create(properties?: infrawatch.AgentDiagEvent.$Properties): infrawatch.AgentDiagEvent;
        static encode(message: infrawatch.AgentDiagEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.AgentDiagEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.AgentDiagEvent & infrawatch.AgentDiagEvent.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.AgentDiagEvent & infrawatch.AgentDiagEvent.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.AgentDiagEvent;
        static toObject(message: infrawatch.AgentDiagEvent, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace AgentDiagEvent {
        interface $Properties {
            module?: (string|null);
            eventType?: (string|null);
            reason?: (string|null);
            tsNs?: (number|Long|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.AgentDiagEvent.$Properties;
    }

    interface ISketchEnvelope extends infrawatch.SketchEnvelope.$Properties {
    }

    class SketchEnvelope {
        constructor(properties?: infrawatch.SketchEnvelope.$Properties);
        $unknowns?: Uint8Array[];
        metricName: string;
        gamma: number;
        sketchVersion: string;
        histogram?: (infrawatch.DDSketch.$Properties|null);
        entityGuid: string;
        displayName: string;
        windowStartMs: (number|Long);
        windowEndMs: (number|Long);
        count: number;
        sum: number;
        min: number;
        max: number;
        scale: number;
        refused: (number|Long);
        collapsed: number;
        static create(properties: infrawatch.SketchEnvelope.$Shape): infrawatch.SketchEnvelope & infrawatch.SketchEnvelope.$Shape;
        static create(properties?: infrawatch.SketchEnvelope.$Properties): infrawatch.SketchEnvelope;
        static encode(message: infrawatch.SketchEnvelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.SketchEnvelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.SketchEnvelope & infrawatch.SketchEnvelope.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.SketchEnvelope & infrawatch.SketchEnvelope.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.SketchEnvelope;
        static toObject(message: infrawatch.SketchEnvelope, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace SketchEnvelope {
        interface $Properties {
            metricName?: (string|null);
            gamma?: (number|null);
            sketchVersion?: (string|null);
            histogram?: (infrawatch.DDSketch.$Properties|null);
            entityGuid?: (string|null);
            displayName?: (string|null);
            windowStartMs?: (number|Long|null);
            windowEndMs?: (number|Long|null);
            count?: (number|null);
            sum?: (number|null);
            min?: (number|null);
            max?: (number|null);
            scale?: (number|null);
            refused?: (number|Long|null);
            collapsed?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.SketchEnvelope.$Properties;
    }

    interface IDDSketch extends infrawatch.DDSketch.$Properties {
    }

    class DDSketch {
        constructor(properties?: infrawatch.DDSketch.$Properties);
        $unknowns?: Uint8Array[];
        mapping?: (infrawatch.IndexMapping.$Properties|null);
        positiveValues?: (infrawatch.Store.$Properties|null);
        negativeValues?: (infrawatch.Store.$Properties|null);
        zeroCount: number;
        static create(properties: infrawatch.DDSketch.$Shape): infrawatch.DDSketch & infrawatch.DDSketch.$Shape;
        static create(properties?: infrawatch.DDSketch.$Properties): infrawatch.DDSketch;
        static encode(message: infrawatch.DDSketch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.DDSketch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.DDSketch & infrawatch.DDSketch.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.DDSketch & infrawatch.DDSketch.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.DDSketch;
        static toObject(message: infrawatch.DDSketch, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace DDSketch {
        interface $Properties {
            mapping?: (infrawatch.IndexMapping.$Properties|null);
            positiveValues?: (infrawatch.Store.$Properties|null);
            negativeValues?: (infrawatch.Store.$Properties|null);
            zeroCount?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.DDSketch.$Properties;
    }

    interface IIndexMapping extends infrawatch.IndexMapping.$Properties {
    }

    class IndexMapping {
        constructor(properties?: infrawatch.IndexMapping.$Properties);
        $unknowns?: Uint8Array[];
        gamma: number;
        indexOffset: number;
        interpolation: infrawatch.IndexMapping.Interpolation;
        static create(properties: infrawatch.IndexMapping.$Shape): infrawatch.IndexMapping & infrawatch.IndexMapping.$Shape;
        static create(properties?: infrawatch.IndexMapping.$Properties): infrawatch.IndexMapping;
        static encode(message: infrawatch.IndexMapping.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.IndexMapping.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.IndexMapping & infrawatch.IndexMapping.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.IndexMapping & infrawatch.IndexMapping.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.IndexMapping;
        static toObject(message: infrawatch.IndexMapping, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace IndexMapping {
        interface $Properties {
            gamma?: (number|null);
            indexOffset?: (number|null);
            interpolation?: (infrawatch.IndexMapping.Interpolation|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.IndexMapping.$Properties;

        enum Interpolation {
            NONE = 0,
            LINEAR = 1,
            QUADRATIC = 2,
            CUBIC = 3
        }
    }

    interface IStore extends infrawatch.Store.$Properties {
    }

    class Store {
        constructor(properties?: infrawatch.Store.$Properties);
        $unknowns?: Uint8Array[];
        binCounts: { [k: string]: number };
        contiguousBinCounts: number[];
        contiguousBinIndexOffset: number;
        static create(properties: infrawatch.Store.$Shape): infrawatch.Store & infrawatch.Store.$Shape;
        static create(properties?: infrawatch.Store.$Properties): infrawatch.Store;
        static encode(message: infrawatch.Store.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.Store.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.Store & infrawatch.Store.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.Store & infrawatch.Store.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.Store;
        static toObject(message: infrawatch.Store, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace Store {
        interface $Properties {
            binCounts?: ({ [k: string]: number }|null);
            contiguousBinCounts?: (number[]|null);
            contiguousBinIndexOffset?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.Store.$Properties;
    }

    interface IRecordingHeader extends infrawatch.RecordingHeader.$Properties {
    }

    class RecordingHeader {
        constructor(properties?: infrawatch.RecordingHeader.$Properties);
        $unknowns?: Uint8Array[];
        format: string;
        clockTicksPerSecond: number;
        pageSizeBytes: number;
        hostCpus: number;
        intervalMs: number;
        startedUnixMs: (number|Long);
        hostName: string;
        note: string;
        static create(properties: infrawatch.RecordingHeader.$Shape): infrawatch.RecordingHeader & infrawatch.RecordingHeader.$Shape;
        static create(properties?: infrawatch.RecordingHeader.$Properties): infrawatch.RecordingHeader;
        static encode(message: infrawatch.RecordingHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.RecordingHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.RecordingHeader & infrawatch.RecordingHeader.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.RecordingHeader & infrawatch.RecordingHeader.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.RecordingHeader;
        static toObject(message: infrawatch.RecordingHeader, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace RecordingHeader {
        interface $Properties {
            format?: (string|null);
            clockTicksPerSecond?: (number|null);
            pageSizeBytes?: (number|null);
            hostCpus?: (number|null);
            intervalMs?: (number|null);
            startedUnixMs?: (number|Long|null);
            hostName?: (string|null);
            note?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.RecordingHeader.$Properties;
    }

    interface IRecordedTick extends infrawatch.RecordedTick.$Properties {
    }

    class RecordedTick {
        constructor(properties?: infrawatch.RecordedTick.$Properties);
        $unknowns?: Uint8Array[];
        atMs: number;
        unixMs: (number|Long);
        pids: number[];
        stats: infrawatch.RecordedFile.$Properties[];
        cmdlines: infrawatch.RecordedFile.$Properties[];
        statuses: infrawatch.RecordedFile.$Properties[];
        ios: infrawatch.RecordedFile.$Properties[];
        static create(properties: infrawatch.RecordedTick.$Shape): infrawatch.RecordedTick & infrawatch.RecordedTick.$Shape;
        static create(properties?: infrawatch.RecordedTick.$Properties): infrawatch.RecordedTick;
        static encode(message: infrawatch.RecordedTick.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.RecordedTick.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.RecordedTick & infrawatch.RecordedTick.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.RecordedTick & infrawatch.RecordedTick.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.RecordedTick;
        static toObject(message: infrawatch.RecordedTick, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace RecordedTick {
        interface $Properties {
            atMs?: (number|null);
            unixMs?: (number|Long|null);
            pids?: (number[]|null);
            stats?: (infrawatch.RecordedFile.$Properties[]|null);
            cmdlines?: (infrawatch.RecordedFile.$Properties[]|null);
            statuses?: (infrawatch.RecordedFile.$Properties[]|null);
            ios?: (infrawatch.RecordedFile.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.RecordedTick.$Properties;
    }

    interface IRecordedFile extends infrawatch.RecordedFile.$Properties {
    }

    class RecordedFile {
        constructor(properties?: infrawatch.RecordedFile.$Properties);
        $unknowns?: Uint8Array[];
        pid: number;
        data: Uint8Array;
        absent: boolean;
        static create(properties: infrawatch.RecordedFile.$Shape): infrawatch.RecordedFile & infrawatch.RecordedFile.$Shape;
        static create(properties?: infrawatch.RecordedFile.$Properties): infrawatch.RecordedFile;
        static encode(message: infrawatch.RecordedFile.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static encodeDelimited(message: infrawatch.RecordedFile.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): infrawatch.RecordedFile & infrawatch.RecordedFile.$Shape;
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): infrawatch.RecordedFile & infrawatch.RecordedFile.$Shape;
        static fromObject(object: { [k: string]: any }): infrawatch.RecordedFile;
        static toObject(message: infrawatch.RecordedFile, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
        static getTypeUrl(prefix?: string): string;
    }

    namespace RecordedFile {
        interface $Properties {
            pid?: (number|null);
            data?: (Uint8Array|null);
            absent?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = infrawatch.RecordedFile.$Properties;
    }
}
