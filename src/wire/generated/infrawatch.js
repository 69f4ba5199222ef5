/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $Array = $util.global.Array, $BigInt = $util.global.BigInt, $isFinite = $util.global.isFinite, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const infrawatch = $root.infrawatch = (() => {

    /**
     * Namespace infrawatch.
     * @exports infrawatch
     * @namespace
     */
    const infrawatch = {};

    infrawatch.ProcessEnvelope = (function() {

        /**
         * Properties of a ProcessEnvelope.
         * @typedef {Object} infrawatch.ProcessEnvelope.$Properties
         * @property {string|null} [entityGuid] ProcessEnvelope entityGuid
         * @property {string|null} [schemaVersion] ProcessEnvelope schemaVersion
         * @property {infrawatch.TopNBatch.$Properties|null} [payload] ProcessEnvelope payload
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProcessEnvelope.
         * @memberof infrawatch
         * @interface IProcessEnvelope
         * @augments infrawatch.ProcessEnvelope.$Properties
         * @deprecated Use infrawatch.ProcessEnvelope.$Properties instead.
         */

        /**
         * Shape of a ProcessEnvelope.
         * @typedef {infrawatch.ProcessEnvelope.$Properties} infrawatch.ProcessEnvelope.$Shape
         */

        /**
         * Constructs a new ProcessEnvelope.
         * @memberof infrawatch
         * @classdesc Represents a ProcessEnvelope.
         * @constructor
         * @param {infrawatch.ProcessEnvelope.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProcessEnvelope = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProcessEnvelope entityGuid.
         * @member {string} entityGuid
         * @memberof infrawatch.ProcessEnvelope
         * @instance
         */
        ProcessEnvelope.prototype.entityGuid = "";

        /**
         * ProcessEnvelope schemaVersion.
         * @member {string} schemaVersion
         * @memberof infrawatch.ProcessEnvelope
         * @instance
         */
        ProcessEnvelope.prototype.schemaVersion = "";

        /**
         * ProcessEnvelope payload.
         * @member {infrawatch.TopNBatch.$Properties|null|undefined} payload
         * @memberof infrawatch.ProcessEnvelope
         * @instance
         */
        ProcessEnvelope.prototype.payload = null;

        /**
         * Creates a new ProcessEnvelope instance using the specified properties.
         * @function create
         * @memberof infrawatch.ProcessEnvelope
         * @static
         * @param {infrawatch.ProcessEnvelope.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ProcessEnvelope} ProcessEnvelope instance
         * @type {{
         *   (properties: infrawatch.ProcessEnvelope.$Shape): infrawatch.ProcessEnvelope & infrawatch.ProcessEnvelope.$Shape;
         *   (properties?: infrawatch.ProcessEnvelope.$Properties): infrawatch.ProcessEnvelope;
         * }}
         */
        ProcessEnvelope.create = function(properties) {
            return new ProcessEnvelope(properties);
        };

        /**
         * Encodes the specified ProcessEnvelope message. Does not implicitly {@link infrawatch.ProcessEnvelope.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ProcessEnvelope
         * @static
         * @param {infrawatch.ProcessEnvelope.$Properties} message ProcessEnvelope message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessEnvelope.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.entityGuid != null && $Object.hasOwnProperty.call(message, "entityGuid") && message.entityGuid !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.entityGuid);
            if (message.schemaVersion != null && $Object.hasOwnProperty.call(message, "schemaVersion") && message.schemaVersion !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.schemaVersion);
            if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                $root.infrawatch.TopNBatch.encode(message.payload, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ProcessEnvelope message, length delimited. Does not implicitly {@link infrawatch.ProcessEnvelope.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ProcessEnvelope
         * @static
         * @param {infrawatch.ProcessEnvelope.$Properties} message ProcessEnvelope message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessEnvelope.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a ProcessEnvelope message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ProcessEnvelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ProcessEnvelope & infrawatch.ProcessEnvelope.$Shape} ProcessEnvelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessEnvelope.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ProcessEnvelope();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.entityGuid = value;
                        else
                            delete message.entityGuid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.schemaVersion = value;
                        else
                            delete message.schemaVersion;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.payload = $root.infrawatch.TopNBatch.decode(reader, reader.size(), $undefined, _depth + 1, message.payload);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a ProcessEnvelope message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ProcessEnvelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ProcessEnvelope & infrawatch.ProcessEnvelope.$Shape} ProcessEnvelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessEnvelope.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a ProcessEnvelope message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ProcessEnvelope
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ProcessEnvelope} ProcessEnvelope
         */
        ProcessEnvelope.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ProcessEnvelope)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ProcessEnvelope: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ProcessEnvelope();
            if (object.entityGuid != null)
                if (typeof object.entityGuid !== "string" || object.entityGuid.length)
                    message.entityGuid = $String(object.entityGuid);
            if (object.schemaVersion != null)
                if (typeof object.schemaVersion !== "string" || object.schemaVersion.length)
                    message.schemaVersion = $String(object.schemaVersion);
            if (object.payload != null) {
                if (!$util.isObject(object.payload))
                    throw $TypeError(".infrawatch.ProcessEnvelope.payload: object expected");
                message.payload = $root.infrawatch.TopNBatch.fromObject(object.payload, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a ProcessEnvelope message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ProcessEnvelope
         * @static
         * @param {infrawatch.ProcessEnvelope} message ProcessEnvelope
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ProcessEnvelope.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.entityGuid = "";
                object.schemaVersion = "";
                object.payload = null;
            }
            if (message.entityGuid != null && $Object.hasOwnProperty.call(message, "entityGuid"))
                object.entityGuid = message.entityGuid;
            if (message.schemaVersion != null && $Object.hasOwnProperty.call(message, "schemaVersion"))
                object.schemaVersion = message.schemaVersion;
            if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                object.payload = $root.infrawatch.TopNBatch.toObject(message.payload, options, _depth + 1);
            return object;
        };

        /**
         * Converts this ProcessEnvelope to JSON.
         * @function toJSON
         * @memberof infrawatch.ProcessEnvelope
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ProcessEnvelope.prototype.toJSON = function() {
            return ProcessEnvelope.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ProcessEnvelope
         * @function getTypeUrl
         * @memberof infrawatch.ProcessEnvelope
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProcessEnvelope.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ProcessEnvelope";
        };

        return ProcessEnvelope;
    })();

    infrawatch.TopNBatch = (function() {

        /**
         * Properties of a TopNBatch.
         * @typedef {Object} infrawatch.TopNBatch.$Properties
         * @property {number|Long|null} [timestampMs] TopNBatch timestampMs
         * @property {number|null} [intervalMs] TopNBatch intervalMs
         * @property {Array.<infrawatch.ProcessSample.$Properties>|null} [top] TopNBatch top
         * @property {Array.<infrawatch.ProcessAggregateSample.$Properties>|null} [aggregates] TopNBatch aggregates
         * @property {infrawatch.ProcessTotals.$Properties|null} [totals] TopNBatch totals
         * @property {number|null} [topnCaptureRatioCpu] TopNBatch topnCaptureRatioCpu
         * @property {number|null} [topnCaptureRatioRss] TopNBatch topnCaptureRatioRss
         * @property {string|null} [mode] TopNBatch mode
         * @property {number|null} [topN] TopNBatch topN
         * @property {infrawatch.ScanCounters.$Properties|null} [counters] TopNBatch counters
         * @property {infrawatch.ProcessEphemeral.$Properties|null} [ephemeral] TopNBatch ephemeral
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a TopNBatch.
         * @memberof infrawatch
         * @interface ITopNBatch
         * @augments infrawatch.TopNBatch.$Properties
         * @deprecated Use infrawatch.TopNBatch.$Properties instead.
         */

        /**
         * Shape of a TopNBatch.
         * @typedef {infrawatch.TopNBatch.$Properties} infrawatch.TopNBatch.$Shape
         */

        /**
         * Constructs a new TopNBatch.
         * @memberof infrawatch
         * @classdesc Represents a TopNBatch.
         * @constructor
         * @param {infrawatch.TopNBatch.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const TopNBatch = function (properties) {
            this.top = [];
            this.aggregates = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * TopNBatch timestampMs.
         * @member {number|Long} timestampMs
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.timestampMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * TopNBatch intervalMs.
         * @member {number} intervalMs
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.intervalMs = 0;

        /**
         * TopNBatch top.
         * @member {Array.<infrawatch.ProcessSample.$Properties>} top
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.top = $util.emptyArray;

        /**
         * TopNBatch aggregates.
         * @member {Array.<infrawatch.ProcessAggregateSample.$Properties>} aggregates
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.aggregates = $util.emptyArray;

        /**
         * TopNBatch totals.
         * @member {infrawatch.ProcessTotals.$Properties|null|undefined} totals
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.totals = null;

        /**
         * TopNBatch topnCaptureRatioCpu.
         * @member {number} topnCaptureRatioCpu
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.topnCaptureRatioCpu = 0;

        /**
         * TopNBatch topnCaptureRatioRss.
         * @member {number} topnCaptureRatioRss
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.topnCaptureRatioRss = 0;

        /**
         * TopNBatch mode.
         * @member {string} mode
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.mode = "";

        /**
         * TopNBatch topN.
         * @member {number} topN
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.topN = 0;

        /**
         * TopNBatch counters.
         * @member {infrawatch.ScanCounters.$Properties|null|undefined} counters
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.counters = null;

        /**
         * TopNBatch ephemeral.
         * @member {infrawatch.ProcessEphemeral.$Properties|null|undefined} ephemeral
         * @memberof infrawatch.TopNBatch
         * @instance
         */
        TopNBatch.prototype.ephemeral = null;

        /**
         * Creates a new TopNBatch instance using the specified properties.
         * @function create
         * @memberof infrawatch.TopNBatch
         * @static
         * @param {infrawatch.TopNBatch.$Properties=} [properties] Properties to set
         * @returns {infrawatch.TopNBatch} TopNBatch instance
         * @type {{
         *   (properties: infrawatch.TopNBatch.$Shape): infrawatch.TopNBatch & infrawatch.TopNBatch.$Shape;
         *   (properties?: infrawatch.TopNBatch.$Properties): infrawatch.TopNBatch;
         * }}
         */
        TopNBatch.create = function(properties) {
            return new TopNBatch(properties);
        };

        /**
         * Encodes the specified TopNBatch message. Does not implicitly {@link infrawatch.TopNBatch.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.TopNBatch
         * @static
         * @param {infrawatch.TopNBatch.$Properties} message TopNBatch message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        TopNBatch.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.timestampMs != null && $Object.hasOwnProperty.call(message, "timestampMs") && (typeof message.timestampMs === "object" ? message.timestampMs.low || message.timestampMs.high : message.timestampMs !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.timestampMs);
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs") && message.intervalMs !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.intervalMs);
            if (message.top != null && message.top.length)
                for (let i = 0; i < message.top.length; ++i)
                    $root.infrawatch.ProcessSample.encode(message.top[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.aggregates != null && message.aggregates.length)
                for (let i = 0; i < message.aggregates.length; ++i)
                    $root.infrawatch.ProcessAggregateSample.encode(message.aggregates[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.totals != null && $Object.hasOwnProperty.call(message, "totals"))
                $root.infrawatch.ProcessTotals.encode(message.totals, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.topnCaptureRatioCpu != null && $Object.hasOwnProperty.call(message, "topnCaptureRatioCpu") && !$Object.is(message.topnCaptureRatioCpu, 0))
                writer.uint32(/* id 6, wireType 1 =*/49).double(message.topnCaptureRatioCpu);
            if (message.topnCaptureRatioRss != null && $Object.hasOwnProperty.call(message, "topnCaptureRatioRss") && !$Object.is(message.topnCaptureRatioRss, 0))
                writer.uint32(/* id 7, wireType 1 =*/57).double(message.topnCaptureRatioRss);
            if (message.mode != null && $Object.hasOwnProperty.call(message, "mode") && message.mode !== "")
                writer.uint32(/* id 8, wireType 2 =*/66).string(message.mode);
            if (message.topN != null && $Object.hasOwnProperty.call(message, "topN") && message.topN !== 0)
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.topN);
            if (message.counters != null && $Object.hasOwnProperty.call(message, "counters"))
                $root.infrawatch.ScanCounters.encode(message.counters, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
            if (message.ephemeral != null && $Object.hasOwnProperty.call(message, "ephemeral"))
                $root.infrawatch.ProcessEphemeral.encode(message.ephemeral, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified TopNBatch message, length delimited. Does not implicitly {@link infrawatch.TopNBatch.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.TopNBatch
         * @static
         * @param {infrawatch.TopNBatch.$Properties} message TopNBatch message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        TopNBatch.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a TopNBatch message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.TopNBatch
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.TopNBatch & infrawatch.TopNBatch.$Shape} TopNBatch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        TopNBatch.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.TopNBatch();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.timestampMs = value;
                        else
                            delete message.timestampMs;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.intervalMs = value;
                        else
                            delete message.intervalMs;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.top && message.top.length))
                            message.top = [];
                        message.top.push($root.infrawatch.ProcessSample.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.aggregates && message.aggregates.length))
                            message.aggregates = [];
                        message.aggregates.push($root.infrawatch.ProcessAggregateSample.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.totals = $root.infrawatch.ProcessTotals.decode(reader, reader.size(), $undefined, _depth + 1, message.totals);
                        continue;
                    }
                case 6: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.topnCaptureRatioCpu = value;
                        else
                            delete message.topnCaptureRatioCpu;
                        continue;
                    }
                case 7: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.topnCaptureRatioRss = value;
                        else
                            delete message.topnCaptureRatioRss;
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.mode = value;
                        else
                            delete message.mode;
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.topN = value;
                        else
                            delete message.topN;
                        continue;
                    }
                case 10: {
                        if (wireType !== 2)
                            break;
                        message.counters = $root.infrawatch.ScanCounters.decode(reader, reader.size(), $undefined, _depth + 1, message.counters);
                        continue;
                    }
                case 11: {
                        if (wireType !== 2)
                            break;
                        message.ephemeral = $root.infrawatch.ProcessEphemeral.decode(reader, reader.size(), $undefined, _depth + 1, message.ephemeral);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a TopNBatch message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.TopNBatch
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.TopNBatch & infrawatch.TopNBatch.$Shape} TopNBatch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        TopNBatch.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a TopNBatch message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.TopNBatch
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.TopNBatch} TopNBatch
         */
        TopNBatch.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.TopNBatch)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.TopNBatch: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.TopNBatch();
            if (object.timestampMs != null)
                if (typeof object.timestampMs === "object" ? object.timestampMs.low || object.timestampMs.high : $Number(object.timestampMs) !== 0)
                    if ($util.Long)
                        message.timestampMs = $util.Long.fromValue(object.timestampMs, true);
                    else if (typeof object.timestampMs === "string")
                        message.timestampMs = $parseInt(object.timestampMs, 10);
                    else if (typeof object.timestampMs === "number")
                        message.timestampMs = object.timestampMs;
                    else if (typeof object.timestampMs === "object")
                        message.timestampMs = new $util.LongBits(object.timestampMs.low >>> 0, object.timestampMs.high >>> 0).toNumber(true);
            if (object.intervalMs != null)
                if ($Number(object.intervalMs) !== 0)
                    message.intervalMs = object.intervalMs >>> 0;
            if (object.top) {
                if (!$Array.isArray(object.top))
                    throw $TypeError(".infrawatch.TopNBatch.top: array expected");
                message.top = $Array(object.top.length);
                for (let i = 0; i < object.top.length; ++i) {
                    if (!$util.isObject(object.top[i]))
                        throw $TypeError(".infrawatch.TopNBatch.top: object expected");
                    message.top[i] = $root.infrawatch.ProcessSample.fromObject(object.top[i], _depth + 1);
                }
            }
            if (object.aggregates) {
                if (!$Array.isArray(object.aggregates))
                    throw $TypeError(".infrawatch.TopNBatch.aggregates: array expected");
                message.aggregates = $Array(object.aggregates.length);
                for (let i = 0; i < object.aggregates.length; ++i) {
                    if (!$util.isObject(object.aggregates[i]))
                        throw $TypeError(".infrawatch.TopNBatch.aggregates: object expected");
                    message.aggregates[i] = $root.infrawatch.ProcessAggregateSample.fromObject(object.aggregates[i], _depth + 1);
                }
            }
            if (object.totals != null) {
                if (!$util.isObject(object.totals))
                    throw $TypeError(".infrawatch.TopNBatch.totals: object expected");
                message.totals = $root.infrawatch.ProcessTotals.fromObject(object.totals, _depth + 1);
            }
            if (object.topnCaptureRatioCpu != null)
                if (!$Object.is($Number(object.topnCaptureRatioCpu), 0))
                    message.topnCaptureRatioCpu = $Number(object.topnCaptureRatioCpu);
            if (object.topnCaptureRatioRss != null)
                if (!$Object.is($Number(object.topnCaptureRatioRss), 0))
                    message.topnCaptureRatioRss = $Number(object.topnCaptureRatioRss);
            if (object.mode != null)
                if (typeof object.mode !== "string" || object.mode.length)
                    message.mode = $String(object.mode);
            if (object.topN != null)
                if ($Number(object.topN) !== 0)
                    message.topN = object.topN >>> 0;
            if (object.counters != null) {
                if (!$util.isObject(object.counters))
                    throw $TypeError(".infrawatch.TopNBatch.counters: object expected");
                message.counters = $root.infrawatch.ScanCounters.fromObject(object.counters, _depth + 1);
            }
            if (object.ephemeral != null) {
                if (!$util.isObject(object.ephemeral))
                    throw $TypeError(".infrawatch.TopNBatch.ephemeral: object expected");
                message.ephemeral = $root.infrawatch.ProcessEphemeral.fromObject(object.ephemeral, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a TopNBatch message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.TopNBatch
         * @static
         * @param {infrawatch.TopNBatch} message TopNBatch
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        TopNBatch.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.top = [];
                object.aggregates = [];
            }
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.timestampMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.timestampMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.intervalMs = 0;
                object.totals = null;
                object.topnCaptureRatioCpu = 0;
                object.topnCaptureRatioRss = 0;
                object.mode = "";
                object.topN = 0;
                object.counters = null;
                object.ephemeral = null;
            }
            if (message.timestampMs != null && $Object.hasOwnProperty.call(message, "timestampMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.timestampMs = typeof message.timestampMs === "number" ? $BigInt(message.timestampMs) : $util.Long.fromBits(message.timestampMs.low >>> 0, message.timestampMs.high >>> 0, true).toBigInt();
                else if (typeof message.timestampMs === "number")
                    object.timestampMs = options.longs === $String ? $String(message.timestampMs) : message.timestampMs;
                else
                    object.timestampMs = options.longs === $String ? $util.Long.prototype.toString.call(message.timestampMs) : options.longs === $Number ? new $util.LongBits(message.timestampMs.low >>> 0, message.timestampMs.high >>> 0).toNumber(true) : message.timestampMs;
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs"))
                object.intervalMs = message.intervalMs;
            if (message.top && message.top.length) {
                object.top = $Array(message.top.length);
                for (let j = 0; j < message.top.length; ++j)
                    object.top[j] = $root.infrawatch.ProcessSample.toObject(message.top[j], options, _depth + 1);
            }
            if (message.aggregates && message.aggregates.length) {
                object.aggregates = $Array(message.aggregates.length);
                for (let j = 0; j < message.aggregates.length; ++j)
                    object.aggregates[j] = $root.infrawatch.ProcessAggregateSample.toObject(message.aggregates[j], options, _depth + 1);
            }
            if (message.totals != null && $Object.hasOwnProperty.call(message, "totals"))
                object.totals = $root.infrawatch.ProcessTotals.toObject(message.totals, options, _depth + 1);
            if (message.topnCaptureRatioCpu != null && $Object.hasOwnProperty.call(message, "topnCaptureRatioCpu"))
                object.topnCaptureRatioCpu = options.json && !$isFinite(message.topnCaptureRatioCpu) ? $String(message.topnCaptureRatioCpu) : message.topnCaptureRatioCpu;
            if (message.topnCaptureRatioRss != null && $Object.hasOwnProperty.call(message, "topnCaptureRatioRss"))
                object.topnCaptureRatioRss = options.json && !$isFinite(message.topnCaptureRatioRss) ? $String(message.topnCaptureRatioRss) : message.topnCaptureRatioRss;
            if (message.mode != null && $Object.hasOwnProperty.call(message, "mode"))
                object.mode = message.mode;
            if (message.topN != null && $Object.hasOwnProperty.call(message, "topN"))
                object.topN = message.topN;
            if (message.counters != null && $Object.hasOwnProperty.call(message, "counters"))
                object.counters = $root.infrawatch.ScanCounters.toObject(message.counters, options, _depth + 1);
            if (message.ephemeral != null && $Object.hasOwnProperty.call(message, "ephemeral"))
                object.ephemeral = $root.infrawatch.ProcessEphemeral.toObject(message.ephemeral, options, _depth + 1);
            return object;
        };

        /**
         * Converts this TopNBatch to JSON.
         * @function toJSON
         * @memberof infrawatch.TopNBatch
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        TopNBatch.prototype.toJSON = function() {
            return TopNBatch.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for TopNBatch
         * @function getTypeUrl
         * @memberof infrawatch.TopNBatch
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        TopNBatch.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.TopNBatch";
        };

        return TopNBatch;
    })();

    infrawatch.ProcessEphemeral = (function() {

        /**
         * Properties of a ProcessEphemeral.
         * @typedef {Object} infrawatch.ProcessEphemeral.$Properties
         * @property {Array.<infrawatch.ProcessEphemeralSummary.$Properties>|null} [byName] ProcessEphemeral byName
         * @property {Array.<infrawatch.ProcessEphemeralSummary.$Properties>|null} [byParent] ProcessEphemeral byParent
         * @property {number|null} [exits] ProcessEphemeral exits
         * @property {number|null} [lost] ProcessEphemeral lost
         * @property {number|null} [intervalMs] ProcessEphemeral intervalMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProcessEphemeral.
         * @memberof infrawatch
         * @interface IProcessEphemeral
         * @augments infrawatch.ProcessEphemeral.$Properties
         * @deprecated Use infrawatch.ProcessEphemeral.$Properties instead.
         */

        /**
         * Shape of a ProcessEphemeral.
         * @typedef {infrawatch.ProcessEphemeral.$Properties} infrawatch.ProcessEphemeral.$Shape
         */

        /**
         * Constructs a new ProcessEphemeral.
         * @memberof infrawatch
         * @classdesc Represents a ProcessEphemeral.
         * @constructor
         * @param {infrawatch.ProcessEphemeral.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProcessEphemeral = function (properties) {
            this.byName = [];
            this.byParent = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProcessEphemeral byName.
         * @member {Array.<infrawatch.ProcessEphemeralSummary.$Properties>} byName
         * @memberof infrawatch.ProcessEphemeral
         * @instance
         */
        ProcessEphemeral.prototype.byName = $util.emptyArray;

        /**
         * ProcessEphemeral byParent.
         * @member {Array.<infrawatch.ProcessEphemeralSummary.$Properties>} byParent
         * @memberof infrawatch.ProcessEphemeral
         * @instance
         */
        ProcessEphemeral.prototype.byParent = $util.emptyArray;

        /**
         * ProcessEphemeral exits.
         * @member {number} exits
         * @memberof infrawatch.ProcessEphemeral
         * @instance
         */
        ProcessEphemeral.prototype.exits = 0;

        /**
         * ProcessEphemeral lost.
         * @member {number} lost
         * @memberof infrawatch.ProcessEphemeral
         * @instance
         */
        ProcessEphemeral.prototype.lost = 0;

        /**
         * ProcessEphemeral intervalMs.
         * @member {number} intervalMs
         * @memberof infrawatch.ProcessEphemeral
         * @instance
         */
        ProcessEphemeral.prototype.intervalMs = 0;

        /**
         * Creates a new ProcessEphemeral instance using the specified properties.
         * @function create
         * @memberof infrawatch.ProcessEphemeral
         * @static
         * @param {infrawatch.ProcessEphemeral.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ProcessEphemeral} ProcessEphemeral instance
         * @type {{
         *   (properties: infrawatch.ProcessEphemeral.$Shape): infrawatch.ProcessEphemeral & infrawatch.ProcessEphemeral.$Shape;
         *   (properties?: infrawatch.ProcessEphemeral.$Properties): infrawatch.ProcessEphemeral;
         * }}
         */
        ProcessEphemeral.create = function(properties) {
            return new ProcessEphemeral(properties);
        };

        /**
         * Encodes the specified ProcessEphemeral message. Does not implicitly {@link infrawatch.ProcessEphemeral.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ProcessEphemeral
         * @static
         * @param {infrawatch.ProcessEphemeral.$Properties} message ProcessEphemeral message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessEphemeral.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.byName != null && message.byName.length)
                for (let i = 0; i < message.byName.length; ++i)
                    $root.infrawatch.ProcessEphemeralSummary.encode(message.byName[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.byParent != null && message.byParent.length)
                for (let i = 0; i < message.byParent.length; ++i)
                    $root.infrawatch.ProcessEphemeralSummary.encode(message.byParent[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.exits != null && $Object.hasOwnProperty.call(message, "exits") && message.exits !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.exits);
            if (message.lost != null && $Object.hasOwnProperty.call(message, "lost") && message.lost !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.lost);
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs") && !$Object.is(message.intervalMs, 0))
                writer.uint32(/* id 5, wireType 1 =*/41).double(message.intervalMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ProcessEphemeral message, length delimited. Does not implicitly {@link infrawatch.ProcessEphemeral.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ProcessEphemeral
         * @static
         * @param {infrawatch.ProcessEphemeral.$Properties} message ProcessEphemeral message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessEphemeral.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a ProcessEphemeral message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ProcessEphemeral
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ProcessEphemeral & infrawatch.ProcessEphemeral.$Shape} ProcessEphemeral
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessEphemeral.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ProcessEphemeral();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.byName && message.byName.length))
                            message.byName = [];
                        message.byName.push($root.infrawatch.ProcessEphemeralSummary.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.byParent && message.byParent.length))
                            message.byParent = [];
                        message.byParent.push($root.infrawatch.ProcessEphemeralSummary.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.exits = value;
                        else
                            delete message.exits;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.lost = value;
                        else
                            delete message.lost;
                        continue;
                    }
                case 5: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.intervalMs = value;
                        else
                            delete message.intervalMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a ProcessEphemeral message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ProcessEphemeral
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ProcessEphemeral & infrawatch.ProcessEphemeral.$Shape} ProcessEphemeral
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessEphemeral.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a ProcessEphemeral message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ProcessEphemeral
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ProcessEphemeral} ProcessEphemeral
         */
        ProcessEphemeral.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ProcessEphemeral)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ProcessEphemeral: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ProcessEphemeral();
            if (object.byName) {
                if (!$Array.isArray(object.byName))
                    throw $TypeError(".infrawatch.ProcessEphemeral.byName: array expected");
                message.byName = $Array(object.byName.length);
                for (let i = 0; i < object.byName.length; ++i) {
                    if (!$util.isObject(object.byName[i]))
                        throw $TypeError(".infrawatch.ProcessEphemeral.byName: object expected");
                    message.byName[i] = $root.infrawatch.ProcessEphemeralSummary.fromObject(object.byName[i], _depth + 1);
                }
            }
            if (object.byParent) {
                if (!$Array.isArray(object.byParent))
                    throw $TypeError(".infrawatch.ProcessEphemeral.byParent: array expected");
                message.byParent = $Array(object.byParent.length);
                for (let i = 0; i < object.byParent.length; ++i) {
                    if (!$util.isObject(object.byParent[i]))
                        throw $TypeError(".infrawatch.ProcessEphemeral.byParent: object expected");
                    message.byParent[i] = $root.infrawatch.ProcessEphemeralSummary.fromObject(object.byParent[i], _depth + 1);
                }
            }
            if (object.exits != null)
                if ($Number(object.exits) !== 0)
                    message.exits = object.exits >>> 0;
            if (object.lost != null)
                if ($Number(object.lost) !== 0)
                    message.lost = object.lost >>> 0;
            if (object.intervalMs != null)
                if (!$Object.is($Number(object.intervalMs), 0))
                    message.intervalMs = $Number(object.intervalMs);
            return message;
        };

        /**
         * Creates a plain object from a ProcessEphemeral message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ProcessEphemeral
         * @static
         * @param {infrawatch.ProcessEphemeral} message ProcessEphemeral
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ProcessEphemeral.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.byName = [];
                object.byParent = [];
            }
            if (options.defaults) {
                object.exits = 0;
                object.lost = 0;
                object.intervalMs = 0;
            }
            if (message.byName && message.byName.length) {
                object.byName = $Array(message.byName.length);
                for (let j = 0; j < message.byName.length; ++j)
                    object.byName[j] = $root.infrawatch.ProcessEphemeralSummary.toObject(message.byName[j], options, _depth + 1);
            }
            if (message.byParent && message.byParent.length) {
                object.byParent = $Array(message.byParent.length);
                for (let j = 0; j < message.byParent.length; ++j)
                    object.byParent[j] = $root.infrawatch.ProcessEphemeralSummary.toObject(message.byParent[j], options, _depth + 1);
            }
            if (message.exits != null && $Object.hasOwnProperty.call(message, "exits"))
                object.exits = message.exits;
            if (message.lost != null && $Object.hasOwnProperty.call(message, "lost"))
                object.lost = message.lost;
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs"))
                object.intervalMs = options.json && !$isFinite(message.intervalMs) ? $String(message.intervalMs) : message.intervalMs;
            return object;
        };

        /**
         * Converts this ProcessEphemeral to JSON.
         * @function toJSON
         * @memberof infrawatch.ProcessEphemeral
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ProcessEphemeral.prototype.toJSON = function() {
            return ProcessEphemeral.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ProcessEphemeral
         * @function getTypeUrl
         * @memberof infrawatch.ProcessEphemeral
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProcessEphemeral.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ProcessEphemeral";
        };

        return ProcessEphemeral;
    })();

    infrawatch.ProcessEphemeralSummary = (function() {

        /**
         * Properties of a ProcessEphemeralSummary.
         * @typedef {Object} infrawatch.ProcessEphemeralSummary.$Properties
         * @property {string|null} [processDisplayName] ProcessEphemeralSummary processDisplayName
         * @property {number|null} [processCount] ProcessEphemeralSummary processCount
         * @property {number|null} [cpuPercent] ProcessEphemeralSummary cpuPercent
         * @property {number|Long|null} [memoryResidentPeakBytes] ProcessEphemeralSummary memoryResidentPeakBytes
         * @property {number|null} [lifetimeP50Ms] ProcessEphemeralSummary lifetimeP50Ms
         * @property {number|null} [lifetimeP95Ms] ProcessEphemeralSummary lifetimeP95Ms
         * @property {number|null} [lifetimeP99Ms] ProcessEphemeralSummary lifetimeP99Ms
         * @property {number|null} [lifetimeMaxMs] ProcessEphemeralSummary lifetimeMaxMs
         * @property {Array.<infrawatch.ExitCodeCount.$Properties>|null} [exitCodes] ProcessEphemeralSummary exitCodes
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProcessEphemeralSummary.
         * @memberof infrawatch
         * @interface IProcessEphemeralSummary
         * @augments infrawatch.ProcessEphemeralSummary.$Properties
         * @deprecated Use infrawatch.ProcessEphemeralSummary.$Properties instead.
         */

        /**
         * Shape of a ProcessEphemeralSummary.
         * @typedef {infrawatch.ProcessEphemeralSummary.$Properties} infrawatch.ProcessEphemeralSummary.$Shape
         */

        /**
         * Constructs a new ProcessEphemeralSummary.
         * @memberof infrawatch
         * @classdesc Represents a ProcessEphemeralSummary.
         * @constructor
         * @param {infrawatch.ProcessEphemeralSummary.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProcessEphemeralSummary = function (properties) {
            this.exitCodes = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProcessEphemeralSummary processDisplayName.
         * @member {string} processDisplayName
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.processDisplayName = "";

        /**
         * ProcessEphemeralSummary processCount.
         * @member {number} processCount
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.processCount = 0;

        /**
         * ProcessEphemeralSummary cpuPercent.
         * @member {number} cpuPercent
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.cpuPercent = 0;

        /**
         * ProcessEphemeralSummary memoryResidentPeakBytes.
         * @member {number|Long} memoryResidentPeakBytes
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.memoryResidentPeakBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessEphemeralSummary lifetimeP50Ms.
         * @member {number} lifetimeP50Ms
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.lifetimeP50Ms = 0;

        /**
         * ProcessEphemeralSummary lifetimeP95Ms.
         * @member {number} lifetimeP95Ms
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.lifetimeP95Ms = 0;

        /**
         * ProcessEphemeralSummary lifetimeP99Ms.
         * @member {number} lifetimeP99Ms
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.lifetimeP99Ms = 0;

        /**
         * ProcessEphemeralSummary lifetimeMaxMs.
         * @member {number} lifetimeMaxMs
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.lifetimeMaxMs = 0;

        /**
         * ProcessEphemeralSummary exitCodes.
         * @member {Array.<infrawatch.ExitCodeCount.$Properties>} exitCodes
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         */
        ProcessEphemeralSummary.prototype.exitCodes = $util.emptyArray;

        /**
         * Creates a new ProcessEphemeralSummary instance using the specified properties.
         * @function create
         * @memberof infrawatch.ProcessEphemeralSummary
         * @static
         * @param {infrawatch.ProcessEphemeralSummary.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ProcessEphemeralSummary} ProcessEphemeralSummary instance
         * @type {{
         *   (properties: infrawatch.ProcessEphemeralSummary.$Shape): infrawatch.ProcessEphemeralSummary & infrawatch.ProcessEphemeralSummary.$Shape;
         *   (properties?: infrawatch.ProcessEphemeralSummary.$Properties): infrawatch.ProcessEphemeralSummary;
         * }}
         */
        ProcessEphemeralSummary.create = function(properties) {
            return new ProcessEphemeralSummary(properties);
        };

        /**
         * Encodes the specified ProcessEphemeralSummary message. Does not implicitly {@link infrawatch.ProcessEphemeralSummary.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ProcessEphemeralSummary
         * @static
         * @param {infrawatch.ProcessEphemeralSummary.$Properties} message ProcessEphemeralSummary message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessEphemeralSummary.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.processDisplayName != null && $Object.hasOwnProperty.call(message, "processDisplayName") && message.processDisplayName !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.processDisplayName);
            if (message.processCount != null && $Object.hasOwnProperty.call(message, "processCount") && message.processCount !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.processCount);
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent") && !$Object.is(message.cpuPercent, 0))
                writer.uint32(/* id 3, wireType 1 =*/25).double(message.cpuPercent);
            if (message.memoryResidentPeakBytes != null && $Object.hasOwnProperty.call(message, "memoryResidentPeakBytes") && (typeof message.memoryResidentPeakBytes === "object" ? message.memoryResidentPeakBytes.low || message.memoryResidentPeakBytes.high : message.memoryResidentPeakBytes !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.memoryResidentPeakBytes);
            if (message.lifetimeP50Ms != null && $Object.hasOwnProperty.call(message, "lifetimeP50Ms") && !$Object.is(message.lifetimeP50Ms, 0))
                writer.uint32(/* id 5, wireType 1 =*/41).double(message.lifetimeP50Ms);
            if (message.lifetimeP95Ms != null && $Object.hasOwnProperty.call(message, "lifetimeP95Ms") && !$Object.is(message.lifetimeP95Ms, 0))
                writer.uint32(/* id 6, wireType 1 =*/49).double(message.lifetimeP95Ms);
            if (message.lifetimeP99Ms != null && $Object.hasOwnProperty.call(message, "lifetimeP99Ms") && !$Object.is(message.lifetimeP99Ms, 0))
                writer.uint32(/* id 7, wireType 1 =*/57).double(message.lifetimeP99Ms);
            if (message.lifetimeMaxMs != null && $Object.hasOwnProperty.call(message, "lifetimeMaxMs") && !$Object.is(message.lifetimeMaxMs, 0))
                writer.uint32(/* id 8, wireType 1 =*/65).double(message.lifetimeMaxMs);
            if (message.exitCodes != null && message.exitCodes.length)
                for (let i = 0; i < message.exitCodes.length; ++i)
                    $root.infrawatch.ExitCodeCount.encode(message.exitCodes[i], writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ProcessEphemeralSummary message, length delimited. Does not implicitly {@link infrawatch.ProcessEphemeralSummary.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ProcessEphemeralSummary
         * @static
         * @param {infrawatch.ProcessEphemeralSummary.$Properties} message ProcessEphemeralSummary message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessEphemeralSummary.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a ProcessEphemeralSummary message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ProcessEphemeralSummary
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ProcessEphemeralSummary & infrawatch.ProcessEphemeralSummary.$Shape} ProcessEphemeralSummary
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessEphemeralSummary.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ProcessEphemeralSummary();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.processDisplayName = value;
                        else
                            delete message.processDisplayName;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.processCount = value;
                        else
                            delete message.processCount;
                        continue;
                    }
                case 3: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuPercent = value;
                        else
                            delete message.cpuPercent;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryResidentPeakBytes = value;
                        else
                            delete message.memoryResidentPeakBytes;
                        continue;
                    }
                case 5: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.lifetimeP50Ms = value;
                        else
                            delete message.lifetimeP50Ms;
                        continue;
                    }
                case 6: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.lifetimeP95Ms = value;
                        else
                            delete message.lifetimeP95Ms;
                        continue;
                    }
                case 7: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.lifetimeP99Ms = value;
                        else
                            delete message.lifetimeP99Ms;
                        continue;
                    }
                case 8: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.lifetimeMaxMs = value;
                        else
                            delete message.lifetimeMaxMs;
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if (!(message.exitCodes && message.exitCodes.length))
                            message.exitCodes = [];
                        message.exitCodes.push($root.infrawatch.ExitCodeCount.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a ProcessEphemeralSummary message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ProcessEphemeralSummary
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ProcessEphemeralSummary & infrawatch.ProcessEphemeralSummary.$Shape} ProcessEphemeralSummary
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessEphemeralSummary.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a ProcessEphemeralSummary message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ProcessEphemeralSummary
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ProcessEphemeralSummary} ProcessEphemeralSummary
         */
        ProcessEphemeralSummary.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ProcessEphemeralSummary)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ProcessEphemeralSummary: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ProcessEphemeralSummary();
            if (object.processDisplayName != null)
                if (typeof object.processDisplayName !== "string" || object.processDisplayName.length)
                    message.processDisplayName = $String(object.processDisplayName);
            if (object.processCount != null)
                if ($Number(object.processCount) !== 0)
                    message.processCount = object.processCount >>> 0;
            if (object.cpuPercent != null)
                if (!$Object.is($Number(object.cpuPercent), 0))
                    message.cpuPercent = $Number(object.cpuPercent);
            if (object.memoryResidentPeakBytes != null)
                if (typeof object.memoryResidentPeakBytes === "object" ? object.memoryResidentPeakBytes.low || object.memoryResidentPeakBytes.high : $Number(object.memoryResidentPeakBytes) !== 0)
                    if ($util.Long)
                        message.memoryResidentPeakBytes = $util.Long.fromValue(object.memoryResidentPeakBytes, true);
                    else if (typeof object.memoryResidentPeakBytes === "string")
                        message.memoryResidentPeakBytes = $parseInt(object.memoryResidentPeakBytes, 10);
                    else if (typeof object.memoryResidentPeakBytes === "number")
                        message.memoryResidentPeakBytes = object.memoryResidentPeakBytes;
                    else if (typeof object.memoryResidentPeakBytes === "object")
                        message.memoryResidentPeakBytes = new $util.LongBits(object.memoryResidentPeakBytes.low >>> 0, object.memoryResidentPeakBytes.high >>> 0).toNumber(true);
            if (object.lifetimeP50Ms != null)
                if (!$Object.is($Number(object.lifetimeP50Ms), 0))
                    message.lifetimeP50Ms = $Number(object.lifetimeP50Ms);
            if (object.lifetimeP95Ms != null)
                if (!$Object.is($Number(object.lifetimeP95Ms), 0))
                    message.lifetimeP95Ms = $Number(object.lifetimeP95Ms);
            if (object.lifetimeP99Ms != null)
                if (!$Object.is($Number(object.lifetimeP99Ms), 0))
                    message.lifetimeP99Ms = $Number(object.lifetimeP99Ms);
            if (object.lifetimeMaxMs != null)
                if (!$Object.is($Number(object.lifetimeMaxMs), 0))
                    message.lifetimeMaxMs = $Number(object.lifetimeMaxMs);
            if (object.exitCodes) {
                if (!$Array.isArray(object.exitCodes))
                    throw $TypeError(".infrawatch.ProcessEphemeralSummary.exitCodes: array expected");
                message.exitCodes = $Array(object.exitCodes.length);
                for (let i = 0; i < object.exitCodes.length; ++i) {
                    if (!$util.isObject(object.exitCodes[i]))
                        throw $TypeError(".infrawatch.ProcessEphemeralSummary.exitCodes: object expected");
                    message.exitCodes[i] = $root.infrawatch.ExitCodeCount.fromObject(object.exitCodes[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a ProcessEphemeralSummary message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ProcessEphemeralSummary
         * @static
         * @param {infrawatch.ProcessEphemeralSummary} message ProcessEphemeralSummary
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ProcessEphemeralSummary.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.exitCodes = [];
            if (options.defaults) {
                object.processDisplayName = "";
                object.processCount = 0;
                object.cpuPercent = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryResidentPeakBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryResidentPeakBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.lifetimeP50Ms = 0;
                object.lifetimeP95Ms = 0;
                object.lifetimeP99Ms = 0;
                object.lifetimeMaxMs = 0;
            }
            if (message.processDisplayName != null && $Object.hasOwnProperty.call(message, "processDisplayName"))
                object.processDisplayName = message.processDisplayName;
            if (message.processCount != null && $Object.hasOwnProperty.call(message, "processCount"))
                object.processCount = message.processCount;
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent"))
                object.cpuPercent = options.json && !$isFinite(message.cpuPercent) ? $String(message.cpuPercent) : message.cpuPercent;
            if (message.memoryResidentPeakBytes != null && $Object.hasOwnProperty.call(message, "memoryResidentPeakBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryResidentPeakBytes = typeof message.memoryResidentPeakBytes === "number" ? $BigInt(message.memoryResidentPeakBytes) : $util.Long.fromBits(message.memoryResidentPeakBytes.low >>> 0, message.memoryResidentPeakBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryResidentPeakBytes === "number")
                    object.memoryResidentPeakBytes = options.longs === $String ? $String(message.memoryResidentPeakBytes) : message.memoryResidentPeakBytes;
                else
                    object.memoryResidentPeakBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryResidentPeakBytes) : options.longs === $Number ? new $util.LongBits(message.memoryResidentPeakBytes.low >>> 0, message.memoryResidentPeakBytes.high >>> 0).toNumber(true) : message.memoryResidentPeakBytes;
            if (message.lifetimeP50Ms != null && $Object.hasOwnProperty.call(message, "lifetimeP50Ms"))
                object.lifetimeP50Ms = options.json && !$isFinite(message.lifetimeP50Ms) ? $String(message.lifetimeP50Ms) : message.lifetimeP50Ms;
            if (message.lifetimeP95Ms != null && $Object.hasOwnProperty.call(message, "lifetimeP95Ms"))
                object.lifetimeP95Ms = options.json && !$isFinite(message.lifetimeP95Ms) ? $String(message.lifetimeP95Ms) : message.lifetimeP95Ms;
            if (message.lifetimeP99Ms != null && $Object.hasOwnProperty.call(message, "lifetimeP99Ms"))
                object.lifetimeP99Ms = options.json && !$isFinite(message.lifetimeP99Ms) ? $String(message.lifetimeP99Ms) : message.lifetimeP99Ms;
            if (message.lifetimeMaxMs != null && $Object.hasOwnProperty.call(message, "lifetimeMaxMs"))
                object.lifetimeMaxMs = options.json && !$isFinite(message.lifetimeMaxMs) ? $String(message.lifetimeMaxMs) : message.lifetimeMaxMs;
            if (message.exitCodes && message.exitCodes.length) {
                object.exitCodes = $Array(message.exitCodes.length);
                for (let j = 0; j < message.exitCodes.length; ++j)
                    object.exitCodes[j] = $root.infrawatch.ExitCodeCount.toObject(message.exitCodes[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this ProcessEphemeralSummary to JSON.
         * @function toJSON
         * @memberof infrawatch.ProcessEphemeralSummary
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ProcessEphemeralSummary.prototype.toJSON = function() {
            return ProcessEphemeralSummary.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ProcessEphemeralSummary
         * @function getTypeUrl
         * @memberof infrawatch.ProcessEphemeralSummary
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProcessEphemeralSummary.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ProcessEphemeralSummary";
        };

        return ProcessEphemeralSummary;
    })();

    infrawatch.ExitCodeCount = (function() {

        /**
         * Properties of an ExitCodeCount.
         * @typedef {Object} infrawatch.ExitCodeCount.$Properties
         * @property {number|null} [exitCode] ExitCodeCount exitCode
         * @property {number|null} [count] ExitCodeCount count
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ExitCodeCount.
         * @memberof infrawatch
         * @interface IExitCodeCount
         * @augments infrawatch.ExitCodeCount.$Properties
         * @deprecated Use infrawatch.ExitCodeCount.$Properties instead.
         */

        /**
         * Shape of an ExitCodeCount.
         * @typedef {infrawatch.ExitCodeCount.$Properties} infrawatch.ExitCodeCount.$Shape
         */

        /**
         * Constructs a new ExitCodeCount.
         * @memberof infrawatch
         * @classdesc Represents an ExitCodeCount.
         * @constructor
         * @param {infrawatch.ExitCodeCount.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ExitCodeCount = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ExitCodeCount exitCode.
         * @member {number} exitCode
         * @memberof infrawatch.ExitCodeCount
         * @instance
         */
        ExitCodeCount.prototype.exitCode = 0;

        /**
         * ExitCodeCount count.
         * @member {number} count
         * @memberof infrawatch.ExitCodeCount
         * @instance
         */
        ExitCodeCount.prototype.count = 0;

        /**
         * Creates a new ExitCodeCount instance using the specified properties.
         * @function create
         * @memberof infrawatch.ExitCodeCount
         * @static
         * @param {infrawatch.ExitCodeCount.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ExitCodeCount} ExitCodeCount instance
         * @type {{
         *   (properties: infrawatch.ExitCodeCount.$Shape): infrawatch.ExitCodeCount & infrawatch.ExitCodeCount.$Shape;
         *   (properties?: infrawatch.ExitCodeCount.$Properties): infrawatch.ExitCodeCount;
         * }}
         */
        ExitCodeCount.create = function(properties) {
            return new ExitCodeCount(properties);
        };

        /**
         * Encodes the specified ExitCodeCount message. Does not implicitly {@link infrawatch.ExitCodeCount.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ExitCodeCount
         * @static
         * @param {infrawatch.ExitCodeCount.$Properties} message ExitCodeCount message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExitCodeCount.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.exitCode != null && $Object.hasOwnProperty.call(message, "exitCode") && message.exitCode !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.exitCode);
            if (message.count != null && $Object.hasOwnProperty.call(message, "count") && message.count !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.count);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ExitCodeCount message, length delimited. Does not implicitly {@link infrawatch.ExitCodeCount.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ExitCodeCount
         * @static
         * @param {infrawatch.ExitCodeCount.$Properties} message ExitCodeCount message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExitCodeCount.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes an ExitCodeCount message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ExitCodeCount
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ExitCodeCount & infrawatch.ExitCodeCount.$Shape} ExitCodeCount
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExitCodeCount.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ExitCodeCount();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.exitCode = value;
                        else
                            delete message.exitCode;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.count = value;
                        else
                            delete message.count;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes an ExitCodeCount message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ExitCodeCount
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ExitCodeCount & infrawatch.ExitCodeCount.$Shape} ExitCodeCount
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExitCodeCount.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates an ExitCodeCount message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ExitCodeCount
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ExitCodeCount} ExitCodeCount
         */
        ExitCodeCount.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ExitCodeCount)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ExitCodeCount: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ExitCodeCount();
            if (object.exitCode != null)
                if ($Number(object.exitCode) !== 0)
                    message.exitCode = object.exitCode | 0;
            if (object.count != null)
                if ($Number(object.count) !== 0)
                    message.count = object.count >>> 0;
            return message;
        };

        /**
         * Creates a plain object from an ExitCodeCount message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ExitCodeCount
         * @static
         * @param {infrawatch.ExitCodeCount} message ExitCodeCount
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ExitCodeCount.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.exitCode = 0;
                object.count = 0;
            }
            if (message.exitCode != null && $Object.hasOwnProperty.call(message, "exitCode"))
                object.exitCode = message.exitCode;
            if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                object.count = message.count;
            return object;
        };

        /**
         * Converts this ExitCodeCount to JSON.
         * @function toJSON
         * @memberof infrawatch.ExitCodeCount
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ExitCodeCount.prototype.toJSON = function() {
            return ExitCodeCount.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ExitCodeCount
         * @function getTypeUrl
         * @memberof infrawatch.ExitCodeCount
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ExitCodeCount.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ExitCodeCount";
        };

        return ExitCodeCount;
    })();

    infrawatch.ProcessSample = (function() {

        /**
         * Properties of a ProcessSample.
         * @typedef {Object} infrawatch.ProcessSample.$Properties
         * @property {number|null} [processId] ProcessSample processId
         * @property {number|null} [parentProcessId] ProcessSample parentProcessId
         * @property {string|null} [commandName] ProcessSample commandName
         * @property {string|null} [processDisplayName] ProcessSample processDisplayName
         * @property {string|null} [state] ProcessSample state
         * @property {number|null} [cpuPercent] ProcessSample cpuPercent
         * @property {number|null} [cpuUserPercent] ProcessSample cpuUserPercent
         * @property {number|null} [cpuSystemPercent] ProcessSample cpuSystemPercent
         * @property {number|Long|null} [memoryResidentSizeBytes] ProcessSample memoryResidentSizeBytes
         * @property {number|Long|null} [memoryVirtualSizeBytes] ProcessSample memoryVirtualSizeBytes
         * @property {number|null} [threadCount] ProcessSample threadCount
         * @property {string|null} [commandLine] ProcessSample commandLine
         * @property {boolean|null} [commandLineTruncated] ProcessSample commandLineTruncated
         * @property {string|null} [userName] ProcessSample userName
         * @property {number|Long|null} [ioTotalReadBytes] ProcessSample ioTotalReadBytes
         * @property {number|Long|null} [ioTotalWriteBytes] ProcessSample ioTotalWriteBytes
         * @property {boolean|null} [pinned] ProcessSample pinned
         * @property {boolean|null} [agentSelf] ProcessSample agentSelf
         * @property {number|Long|null} [minorPageFaults] ProcessSample minorPageFaults
         * @property {number|Long|null} [majorPageFaults] ProcessSample majorPageFaults
         * @property {number|null} [reapedChildrenCpuPercent] ProcessSample reapedChildrenCpuPercent
         * @property {Array.<infrawatch.ProcessThreadSample.$Properties>|null} [threads] ProcessSample threads
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProcessSample.
         * @memberof infrawatch
         * @interface IProcessSample
         * @augments infrawatch.ProcessSample.$Properties
         * @deprecated Use infrawatch.ProcessSample.$Properties instead.
         */

        /**
         * Shape of a ProcessSample.
         * @typedef {infrawatch.ProcessSample.$Properties} infrawatch.ProcessSample.$Shape
         */

        /**
         * Constructs a new ProcessSample.
         * @memberof infrawatch
         * @classdesc Represents a ProcessSample.
         * @constructor
         * @param {infrawatch.ProcessSample.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProcessSample = function (properties) {
            this.threads = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProcessSample processId.
         * @member {number} processId
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.processId = 0;

        /**
         * ProcessSample parentProcessId.
         * @member {number} parentProcessId
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.parentProcessId = 0;

        /**
         * ProcessSample commandName.
         * @member {string} commandName
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.commandName = "";

        /**
         * ProcessSample processDisplayName.
         * @member {string} processDisplayName
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.processDisplayName = "";

        /**
         * ProcessSample state.
         * @member {string} state
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.state = "";

        /**
         * ProcessSample cpuPercent.
         * @member {number|null|undefined} cpuPercent
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.cpuPercent = null;

        /**
         * ProcessSample cpuUserPercent.
         * @member {number|null|undefined} cpuUserPercent
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.cpuUserPercent = null;

        /**
         * ProcessSample cpuSystemPercent.
         * @member {number|null|undefined} cpuSystemPercent
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.cpuSystemPercent = null;

        /**
         * ProcessSample memoryResidentSizeBytes.
         * @member {number|Long} memoryResidentSizeBytes
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.memoryResidentSizeBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessSample memoryVirtualSizeBytes.
         * @member {number|Long} memoryVirtualSizeBytes
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.memoryVirtualSizeBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessSample threadCount.
         * @member {number} threadCount
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.threadCount = 0;

        /**
         * ProcessSample commandLine.
         * @member {string} commandLine
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.commandLine = "";

        /**
         * ProcessSample commandLineTruncated.
         * @member {boolean} commandLineTruncated
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.commandLineTruncated = false;

        /**
         * ProcessSample userName.
         * @member {string} userName
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.userName = "";

        /**
         * ProcessSample ioTotalReadBytes.
         * @member {number|Long|null|undefined} ioTotalReadBytes
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.ioTotalReadBytes = null;

        /**
         * ProcessSample ioTotalWriteBytes.
         * @member {number|Long|null|undefined} ioTotalWriteBytes
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.ioTotalWriteBytes = null;

        /**
         * ProcessSample pinned.
         * @member {boolean} pinned
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.pinned = false;

        /**
         * ProcessSample agentSelf.
         * @member {boolean} agentSelf
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.agentSelf = false;

        /**
         * ProcessSample minorPageFaults.
         * @member {number|Long} minorPageFaults
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.minorPageFaults = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessSample majorPageFaults.
         * @member {number|Long} majorPageFaults
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.majorPageFaults = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessSample reapedChildrenCpuPercent.
         * @member {number|null|undefined} reapedChildrenCpuPercent
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.reapedChildrenCpuPercent = null;

        /**
         * ProcessSample threads.
         * @member {Array.<infrawatch.ProcessThreadSample.$Properties>} threads
         * @memberof infrawatch.ProcessSample
         * @instance
         */
        ProcessSample.prototype.threads = $util.emptyArray;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ProcessSample.prototype, "_cpuPercent", {
            get: $util.oneOfGetter($oneOfFields = ["cpuPercent"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ProcessSample.prototype, "_cpuUserPercent", {
            get: $util.oneOfGetter($oneOfFields = ["cpuUserPercent"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ProcessSample.prototype, "_cpuSystemPercent", {
            get: $util.oneOfGetter($oneOfFields = ["cpuSystemPercent"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ProcessSample.prototype, "_ioTotalReadBytes", {
            get: $util.oneOfGetter($oneOfFields = ["ioTotalReadBytes"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ProcessSample.prototype, "_ioTotalWriteBytes", {
            get: $util.oneOfGetter($oneOfFields = ["ioTotalWriteBytes"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ProcessSample.prototype, "_reapedChildrenCpuPercent", {
            get: $util.oneOfGetter($oneOfFields = ["reapedChildrenCpuPercent"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new ProcessSample instance using the specified properties.
         * @function create
         * @memberof infrawatch.ProcessSample
         * @static
         * @param {infrawatch.ProcessSample.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ProcessSample} ProcessSample instance
         * @type {{
         *   (properties: infrawatch.ProcessSample.$Shape): infrawatch.ProcessSample & infrawatch.ProcessSample.$Shape;
         *   (properties?: infrawatch.ProcessSample.$Properties): infrawatch.ProcessSample;
         * }}
         */
        ProcessSample.create = function(properties) {
            return new ProcessSample(properties);
        };

        /**
         * Encodes the specified ProcessSample message. Does not implicitly {@link infrawatch.ProcessSample.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ProcessSample
         * @static
         * @param {infrawatch.ProcessSample.$Properties} message ProcessSample message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessSample.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.processId != null && $Object.hasOwnProperty.call(message, "processId") && message.processId !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.processId);
            if (message.parentProcessId != null && $Object.hasOwnProperty.call(message, "parentProcessId") && message.parentProcessId !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.parentProcessId);
            if (message.commandName != null && $Object.hasOwnProperty.call(message, "commandName") && message.commandName !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.commandName);
            if (message.processDisplayName != null && $Object.hasOwnProperty.call(message, "processDisplayName") && message.processDisplayName !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.processDisplayName);
            if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.state);
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent"))
                writer.uint32(/* id 6, wireType 1 =*/49).double(message.cpuPercent);
            if (message.cpuUserPercent != null && $Object.hasOwnProperty.call(message, "cpuUserPercent"))
                writer.uint32(/* id 7, wireType 1 =*/57).double(message.cpuUserPercent);
            if (message.cpuSystemPercent != null && $Object.hasOwnProperty.call(message, "cpuSystemPercent"))
                writer.uint32(/* id 8, wireType 1 =*/65).double(message.cpuSystemPercent);
            if (message.memoryResidentSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryResidentSizeBytes") && (typeof message.memoryResidentSizeBytes === "object" ? message.memoryResidentSizeBytes.low || message.memoryResidentSizeBytes.high : message.memoryResidentSizeBytes !== 0))
                writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.memoryResidentSizeBytes);
            if (message.memoryVirtualSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryVirtualSizeBytes") && (typeof message.memoryVirtualSizeBytes === "object" ? message.memoryVirtualSizeBytes.low || message.memoryVirtualSizeBytes.high : message.memoryVirtualSizeBytes !== 0))
                writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.memoryVirtualSizeBytes);
            if (message.threadCount != null && $Object.hasOwnProperty.call(message, "threadCount") && message.threadCount !== 0)
                writer.uint32(/* id 11, wireType 0 =*/88).int32(message.threadCount);
            if (message.commandLine != null && $Object.hasOwnProperty.call(message, "commandLine") && message.commandLine !== "")
                writer.uint32(/* id 12, wireType 2 =*/98).string(message.commandLine);
            if (message.commandLineTruncated != null && $Object.hasOwnProperty.call(message, "commandLineTruncated") && message.commandLineTruncated !== false)
                writer.uint32(/* id 13, wireType 0 =*/104).bool(message.commandLineTruncated);
            if (message.userName != null && $Object.hasOwnProperty.call(message, "userName") && message.userName !== "")
                writer.uint32(/* id 14, wireType 2 =*/114).string(message.userName);
            if (message.ioTotalReadBytes != null && $Object.hasOwnProperty.call(message, "ioTotalReadBytes"))
                writer.uint32(/* id 15, wireType 0 =*/120).uint64(message.ioTotalReadBytes);
            if (message.ioTotalWriteBytes != null && $Object.hasOwnProperty.call(message, "ioTotalWriteBytes"))
                writer.uint32(/* id 16, wireType 0 =*/128).uint64(message.ioTotalWriteBytes);
            if (message.pinned != null && $Object.hasOwnProperty.call(message, "pinned") && message.pinned !== false)
                writer.uint32(/* id 17, wireType 0 =*/136).bool(message.pinned);
            if (message.agentSelf != null && $Object.hasOwnProperty.call(message, "agentSelf") && message.agentSelf !== false)
                writer.uint32(/* id 18, wireType 0 =*/144).bool(message.agentSelf);
            if (message.minorPageFaults != null && $Object.hasOwnProperty.call(message, "minorPageFaults") && (typeof message.minorPageFaults === "object" ? message.minorPageFaults.low || message.minorPageFaults.high : message.minorPageFaults !== 0))
                writer.uint32(/* id 19, wireType 0 =*/152).uint64(message.minorPageFaults);
            if (message.majorPageFaults != null && $Object.hasOwnProperty.call(message, "majorPageFaults") && (typeof message.majorPageFaults === "object" ? message.majorPageFaults.low || message.majorPageFaults.high : message.majorPageFaults !== 0))
                writer.uint32(/* id 20, wireType 0 =*/160).uint64(message.majorPageFaults);
            if (message.reapedChildrenCpuPercent != null && $Object.hasOwnProperty.call(message, "reapedChildrenCpuPercent"))
                writer.uint32(/* id 21, wireType 1 =*/169).double(message.reapedChildrenCpuPercent);
            if (message.threads != null && message.threads.length)
                for (let i = 0; i < message.threads.length; ++i)
                    $root.infrawatch.ProcessThreadSample.encode(message.threads[i], writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ProcessSample message, length delimited. Does not implicitly {@link infrawatch.ProcessSample.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ProcessSample
         * @static
         * @param {infrawatch.ProcessSample.$Properties} message ProcessSample message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessSample.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a ProcessSample message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ProcessSample
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ProcessSample & infrawatch.ProcessSample.$Shape} ProcessSample
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessSample.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ProcessSample();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.processId = value;
                        else
                            delete message.processId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.parentProcessId = value;
                        else
                            delete message.parentProcessId;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.commandName = value;
                        else
                            delete message.commandName;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.processDisplayName = value;
                        else
                            delete message.processDisplayName;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.state = value;
                        else
                            delete message.state;
                        continue;
                    }
                case 6: {
                        if (wireType !== 1)
                            break;
                        message.cpuPercent = reader.double();
                        message._cpuPercent = "cpuPercent";
                        continue;
                    }
                case 7: {
                        if (wireType !== 1)
                            break;
                        message.cpuUserPercent = reader.double();
                        message._cpuUserPercent = "cpuUserPercent";
                        continue;
                    }
                case 8: {
                        if (wireType !== 1)
                            break;
                        message.cpuSystemPercent = reader.double();
                        message._cpuSystemPercent = "cpuSystemPercent";
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryResidentSizeBytes = value;
                        else
                            delete message.memoryResidentSizeBytes;
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryVirtualSizeBytes = value;
                        else
                            delete message.memoryVirtualSizeBytes;
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.threadCount = value;
                        else
                            delete message.threadCount;
                        continue;
                    }
                case 12: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.commandLine = value;
                        else
                            delete message.commandLine;
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.commandLineTruncated = value;
                        else
                            delete message.commandLineTruncated;
                        continue;
                    }
                case 14: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.userName = value;
                        else
                            delete message.userName;
                        continue;
                    }
                case 15: {
                        if (wireType !== 0)
                            break;
                        message.ioTotalReadBytes = reader.uint64();
                        message._ioTotalReadBytes = "ioTotalReadBytes";
                        continue;
                    }
                case 16: {
                        if (wireType !== 0)
                            break;
                        message.ioTotalWriteBytes = reader.uint64();
                        message._ioTotalWriteBytes = "ioTotalWriteBytes";
                        continue;
                    }
                case 17: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.pinned = value;
                        else
                            delete message.pinned;
                        continue;
                    }
                case 18: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.agentSelf = value;
                        else
                            delete message.agentSelf;
                        continue;
                    }
                case 19: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.minorPageFaults = value;
                        else
                            delete message.minorPageFaults;
                        continue;
                    }
                case 20: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.majorPageFaults = value;
                        else
                            delete message.majorPageFaults;
                        continue;
                    }
                case 21: {
                        if (wireType !== 1)
                            break;
                        message.reapedChildrenCpuPercent = reader.double();
                        message._reapedChildrenCpuPercent = "reapedChildrenCpuPercent";
                        continue;
                    }
                case 22: {
                        if (wireType !== 2)
                            break;
                        if (!(message.threads && message.threads.length))
                            message.threads = [];
                        message.threads.push($root.infrawatch.ProcessThreadSample.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a ProcessSample message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ProcessSample
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ProcessSample & infrawatch.ProcessSample.$Shape} ProcessSample
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessSample.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a ProcessSample message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ProcessSample
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ProcessSample} ProcessSample
         */
        ProcessSample.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ProcessSample)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ProcessSample: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ProcessSample();
            if (object.processId != null)
                if ($Number(object.processId) !== 0)
                    message.processId = object.processId | 0;
            if (object.parentProcessId != null)
                if ($Number(object.parentProcessId) !== 0)
                    message.parentProcessId = object.parentProcessId | 0;
            if (object.commandName != null)
                if (typeof object.commandName !== "string" || object.commandName.length)
                    message.commandName = $String(object.commandName);
            if (object.processDisplayName != null)
                if (typeof object.processDisplayName !== "string" || object.processDisplayName.length)
                    message.processDisplayName = $String(object.processDisplayName);
            if (object.state != null)
                if (typeof object.state !== "string" || object.state.length)
                    message.state = $String(object.state);
            if (object.cpuPercent != null)
                message.cpuPercent = $Number(object.cpuPercent);
            if (object.cpuUserPercent != null)
                message.cpuUserPercent = $Number(object.cpuUserPercent);
            if (object.cpuSystemPercent != null)
                message.cpuSystemPercent = $Number(object.cpuSystemPercent);
            if (object.memoryResidentSizeBytes != null)
                if (typeof object.memoryResidentSizeBytes === "object" ? object.memoryResidentSizeBytes.low || object.memoryResidentSizeBytes.high : $Number(object.memoryResidentSizeBytes) !== 0)
                    if ($util.Long)
                        message.memoryResidentSizeBytes = $util.Long.fromValue(object.memoryResidentSizeBytes, true);
                    else if (typeof object.memoryResidentSizeBytes === "string")
                        message.memoryResidentSizeBytes = $parseInt(object.memoryResidentSizeBytes, 10);
                    else if (typeof object.memoryResidentSizeBytes === "number")
                        message.memoryResidentSizeBytes = object.memoryResidentSizeBytes;
                    else if (typeof object.memoryResidentSizeBytes === "object")
                        message.memoryResidentSizeBytes = new $util.LongBits(object.memoryResidentSizeBytes.low >>> 0, object.memoryResidentSizeBytes.high >>> 0).toNumber(true);
            if (object.memoryVirtualSizeBytes != null)
                if (typeof object.memoryVirtualSizeBytes === "object" ? object.memoryVirtualSizeBytes.low || object.memoryVirtualSizeBytes.high : $Number(object.memoryVirtualSizeBytes) !== 0)
                    if ($util.Long)
                        message.memoryVirtualSizeBytes = $util.Long.fromValue(object.memoryVirtualSizeBytes, true);
                    else if (typeof object.memoryVirtualSizeBytes === "string")
                        message.memoryVirtualSizeBytes = $parseInt(object.memoryVirtualSizeBytes, 10);
                    else if (typeof object.memoryVirtualSizeBytes === "number")
                        message.memoryVirtualSizeBytes = object.memoryVirtualSizeBytes;
                    else if (typeof object.memoryVirtualSizeBytes === "object")
                        message.memoryVirtualSizeBytes = new $util.LongBits(object.memoryVirtualSizeBytes.low >>> 0, object.memoryVirtualSizeBytes.high >>> 0).toNumber(true);
            if (object.threadCount != null)
                if ($Number(object.threadCount) !== 0)
                    message.threadCount = object.threadCount | 0;
            if (object.commandLine != null)
                if (typeof object.commandLine !== "string" || object.commandLine.length)
                    message.commandLine = $String(object.commandLine);
            if (object.commandLineTruncated != null)
                if (object.commandLineTruncated)
                    message.commandLineTruncated = $Boolean(object.commandLineTruncated);
            if (object.userName != null)
                if (typeof object.userName !== "string" || object.userName.length)
                    message.userName = $String(object.userName);
            if (object.ioTotalReadBytes != null)
                if ($util.Long)
                    message.ioTotalReadBytes = $util.Long.fromValue(object.ioTotalReadBytes, true);
                else if (typeof object.ioTotalReadBytes === "string")
                    message.ioTotalReadBytes = $parseInt(object.ioTotalReadBytes, 10);
                else if (typeof object.ioTotalReadBytes === "number")
                    message.ioTotalReadBytes = object.ioTotalReadBytes;
                else if (typeof object.ioTotalReadBytes === "object")
                    message.ioTotalReadBytes = new $util.LongBits(object.ioTotalReadBytes.low >>> 0, object.ioTotalReadBytes.high >>> 0).toNumber(true);
            if (object.ioTotalWriteBytes != null)
                if ($util.Long)
                    message.ioTotalWriteBytes = $util.Long.fromValue(object.ioTotalWriteBytes, true);
                else if (typeof object.ioTotalWriteBytes === "string")
                    message.ioTotalWriteBytes = $parseInt(object.ioTotalWriteBytes, 10);
                else if (typeof object.ioTotalWriteBytes === "number")
                    message.ioTotalWriteBytes = object.ioTotalWriteBytes;
                else if (typeof object.ioTotalWriteBytes === "object")
                    message.ioTotalWriteBytes = new $util.LongBits(object.ioTotalWriteBytes.low >>> 0, object.ioTotalWriteBytes.high >>> 0).toNumber(true);
            if (object.pinned != null)
                if (object.pinned)
                    message.pinned = $Boolean(object.pinned);
            if (object.agentSelf != null)
                if (object.agentSelf)
                    message.agentSelf = $Boolean(object.agentSelf);
            if (object.minorPageFaults != null)
                if (typeof object.minorPageFaults === "object" ? object.minorPageFaults.low || object.minorPageFaults.high : $Number(object.minorPageFaults) !== 0)
                    if ($util.Long)
                        message.minorPageFaults = $util.Long.fromValue(object.minorPageFaults, true);
                    else if (typeof object.minorPageFaults === "string")
                        message.minorPageFaults = $parseInt(object.minorPageFaults, 10);
                    else if (typeof object.minorPageFaults === "number")
                        message.minorPageFaults = object.minorPageFaults;
                    else if (typeof object.minorPageFaults === "object")
                        message.minorPageFaults = new $util.LongBits(object.minorPageFaults.low >>> 0, object.minorPageFaults.high >>> 0).toNumber(true);
            if (object.majorPageFaults != null)
                if (typeof object.majorPageFaults === "object" ? object.majorPageFaults.low || object.majorPageFaults.high : $Number(object.majorPageFaults) !== 0)
                    if ($util.Long)
                        message.majorPageFaults = $util.Long.fromValue(object.majorPageFaults, true);
                    else if (typeof object.majorPageFaults === "string")
                        message.majorPageFaults = $parseInt(object.majorPageFaults, 10);
                    else if (typeof object.majorPageFaults === "number")
                        message.majorPageFaults = object.majorPageFaults;
                    else if (typeof object.majorPageFaults === "object")
                        message.majorPageFaults = new $util.LongBits(object.majorPageFaults.low >>> 0, object.majorPageFaults.high >>> 0).toNumber(true);
            if (object.reapedChildrenCpuPercent != null)
                message.reapedChildrenCpuPercent = $Number(object.reapedChildrenCpuPercent);
            if (object.threads) {
                if (!$Array.isArray(object.threads))
                    throw $TypeError(".infrawatch.ProcessSample.threads: array expected");
                message.threads = $Array(object.threads.length);
                for (let i = 0; i < object.threads.length; ++i) {
                    if (!$util.isObject(object.threads[i]))
                        throw $TypeError(".infrawatch.ProcessSample.threads: object expected");
                    message.threads[i] = $root.infrawatch.ProcessThreadSample.fromObject(object.threads[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a ProcessSample message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ProcessSample
         * @static
         * @param {infrawatch.ProcessSample} message ProcessSample
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ProcessSample.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.threads = [];
            if (options.defaults) {
                object.processId = 0;
                object.parentProcessId = 0;
                object.commandName = "";
                object.processDisplayName = "";
                object.state = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryResidentSizeBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryResidentSizeBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryVirtualSizeBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryVirtualSizeBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.threadCount = 0;
                object.commandLine = "";
                object.commandLineTruncated = false;
                object.userName = "";
                object.pinned = false;
                object.agentSelf = false;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.minorPageFaults = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.minorPageFaults = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.majorPageFaults = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.majorPageFaults = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.processId != null && $Object.hasOwnProperty.call(message, "processId"))
                object.processId = message.processId;
            if (message.parentProcessId != null && $Object.hasOwnProperty.call(message, "parentProcessId"))
                object.parentProcessId = message.parentProcessId;
            if (message.commandName != null && $Object.hasOwnProperty.call(message, "commandName"))
                object.commandName = message.commandName;
            if (message.processDisplayName != null && $Object.hasOwnProperty.call(message, "processDisplayName"))
                object.processDisplayName = message.processDisplayName;
            if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                object.state = message.state;
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent"))
                object.cpuPercent = options.json && !$isFinite(message.cpuPercent) ? $String(message.cpuPercent) : message.cpuPercent;
            if (message.cpuUserPercent != null && $Object.hasOwnProperty.call(message, "cpuUserPercent"))
                object.cpuUserPercent = options.json && !$isFinite(message.cpuUserPercent) ? $String(message.cpuUserPercent) : message.cpuUserPercent;
            if (message.cpuSystemPercent != null && $Object.hasOwnProperty.call(message, "cpuSystemPercent"))
                object.cpuSystemPercent = options.json && !$isFinite(message.cpuSystemPercent) ? $String(message.cpuSystemPercent) : message.cpuSystemPercent;
            if (message.memoryResidentSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryResidentSizeBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryResidentSizeBytes = typeof message.memoryResidentSizeBytes === "number" ? $BigInt(message.memoryResidentSizeBytes) : $util.Long.fromBits(message.memoryResidentSizeBytes.low >>> 0, message.memoryResidentSizeBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryResidentSizeBytes === "number")
                    object.memoryResidentSizeBytes = options.longs === $String ? $String(message.memoryResidentSizeBytes) : message.memoryResidentSizeBytes;
                else
                    object.memoryResidentSizeBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryResidentSizeBytes) : options.longs === $Number ? new $util.LongBits(message.memoryResidentSizeBytes.low >>> 0, message.memoryResidentSizeBytes.high >>> 0).toNumber(true) : message.memoryResidentSizeBytes;
            if (message.memoryVirtualSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryVirtualSizeBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryVirtualSizeBytes = typeof message.memoryVirtualSizeBytes === "number" ? $BigInt(message.memoryVirtualSizeBytes) : $util.Long.fromBits(message.memoryVirtualSizeBytes.low >>> 0, message.memoryVirtualSizeBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryVirtualSizeBytes === "number")
                    object.memoryVirtualSizeBytes = options.longs === $String ? $String(message.memoryVirtualSizeBytes) : message.memoryVirtualSizeBytes;
                else
                    object.memoryVirtualSizeBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryVirtualSizeBytes) : options.longs === $Number ? new $util.LongBits(message.memoryVirtualSizeBytes.low >>> 0, message.memoryVirtualSizeBytes.high >>> 0).toNumber(true) : message.memoryVirtualSizeBytes;
            if (message.threadCount != null && $Object.hasOwnProperty.call(message, "threadCount"))
                object.threadCount = message.threadCount;
            if (message.commandLine != null && $Object.hasOwnProperty.call(message, "commandLine"))
                object.commandLine = message.commandLine;
            if (message.commandLineTruncated != null && $Object.hasOwnProperty.call(message, "commandLineTruncated"))
                object.commandLineTruncated = message.commandLineTruncated;
            if (message.userName != null && $Object.hasOwnProperty.call(message, "userName"))
                object.userName = message.userName;
            if (message.ioTotalReadBytes != null && $Object.hasOwnProperty.call(message, "ioTotalReadBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.ioTotalReadBytes = typeof message.ioTotalReadBytes === "number" ? $BigInt(message.ioTotalReadBytes) : $util.Long.fromBits(message.ioTotalReadBytes.low >>> 0, message.ioTotalReadBytes.high >>> 0, true).toBigInt();
                else if (typeof message.ioTotalReadBytes === "number")
                    object.ioTotalReadBytes = options.longs === $String ? $String(message.ioTotalReadBytes) : message.ioTotalReadBytes;
                else
                    object.ioTotalReadBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.ioTotalReadBytes) : options.longs === $Number ? new $util.LongBits(message.ioTotalReadBytes.low >>> 0, message.ioTotalReadBytes.high >>> 0).toNumber(true) : message.ioTotalReadBytes;
            if (message.ioTotalWriteBytes != null && $Object.hasOwnProperty.call(message, "ioTotalWriteBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.ioTotalWriteBytes = typeof message.ioTotalWriteBytes === "number" ? $BigInt(message.ioTotalWriteBytes) : $util.Long.fromBits(message.ioTotalWriteBytes.low >>> 0, message.ioTotalWriteBytes.high >>> 0, true).toBigInt();
                else if (typeof message.ioTotalWriteBytes === "number")
                    object.ioTotalWriteBytes = options.longs === $String ? $String(message.ioTotalWriteBytes) : message.ioTotalWriteBytes;
                else
                    object.ioTotalWriteBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.ioTotalWriteBytes) : options.longs === $Number ? new $util.LongBits(message.ioTotalWriteBytes.low >>> 0, message.ioTotalWriteBytes.high >>> 0).toNumber(true) : message.ioTotalWriteBytes;
            if (message.pinned != null && $Object.hasOwnProperty.call(message, "pinned"))
                object.pinned = message.pinned;
            if (message.agentSelf != null && $Object.hasOwnProperty.call(message, "agentSelf"))
                object.agentSelf = message.agentSelf;
            if (message.minorPageFaults != null && $Object.hasOwnProperty.call(message, "minorPageFaults"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.minorPageFaults = typeof message.minorPageFaults === "number" ? $BigInt(message.minorPageFaults) : $util.Long.fromBits(message.minorPageFaults.low >>> 0, message.minorPageFaults.high >>> 0, true).toBigInt();
                else if (typeof message.minorPageFaults === "number")
                    object.minorPageFaults = options.longs === $String ? $String(message.minorPageFaults) : message.minorPageFaults;
                else
                    object.minorPageFaults = options.longs === $String ? $util.Long.prototype.toString.call(message.minorPageFaults) : options.longs === $Number ? new $util.LongBits(message.minorPageFaults.low >>> 0, message.minorPageFaults.high >>> 0).toNumber(true) : message.minorPageFaults;
            if (message.majorPageFaults != null && $Object.hasOwnProperty.call(message, "majorPageFaults"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.majorPageFaults = typeof message.majorPageFaults === "number" ? $BigInt(message.majorPageFaults) : $util.Long.fromBits(message.majorPageFaults.low >>> 0, message.majorPageFaults.high >>> 0, true).toBigInt();
                else if (typeof message.majorPageFaults === "number")
                    object.majorPageFaults = options.longs === $String ? $String(message.majorPageFaults) : message.majorPageFaults;
                else
                    object.majorPageFaults = options.longs === $String ? $util.Long.prototype.toString.call(message.majorPageFaults) : options.longs === $Number ? new $util.LongBits(message.majorPageFaults.low >>> 0, message.majorPageFaults.high >>> 0).toNumber(true) : message.majorPageFaults;
            if (message.reapedChildrenCpuPercent != null && $Object.hasOwnProperty.call(message, "reapedChildrenCpuPercent"))
                object.reapedChildrenCpuPercent = options.json && !$isFinite(message.reapedChildrenCpuPercent) ? $String(message.reapedChildrenCpuPercent) : message.reapedChildrenCpuPercent;
            if (message.threads && message.threads.length) {
                object.threads = $Array(message.threads.length);
                for (let j = 0; j < message.threads.length; ++j)
                    object.threads[j] = $root.infrawatch.ProcessThreadSample.toObject(message.threads[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this ProcessSample to JSON.
         * @function toJSON
         * @memberof infrawatch.ProcessSample
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ProcessSample.prototype.toJSON = function() {
            return ProcessSample.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ProcessSample
         * @function getTypeUrl
         * @memberof infrawatch.ProcessSample
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProcessSample.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ProcessSample";
        };

        return ProcessSample;
    })();

    infrawatch.ProcessThreadSample = (function() {

        /**
         * Properties of a ProcessThreadSample.
         * @typedef {Object} infrawatch.ProcessThreadSample.$Properties
         * @property {number|null} [threadId] ProcessThreadSample threadId
         * @property {string|null} [name] ProcessThreadSample name
         * @property {string|null} [state] ProcessThreadSample state
         * @property {number|null} [cpuPercent] ProcessThreadSample cpuPercent
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProcessThreadSample.
         * @memberof infrawatch
         * @interface IProcessThreadSample
         * @augments infrawatch.ProcessThreadSample.$Properties
         * @deprecated Use infrawatch.ProcessThreadSample.$Properties instead.
         */

        /**
         * Shape of a ProcessThreadSample.
         * @typedef {infrawatch.ProcessThreadSample.$Properties} infrawatch.ProcessThreadSample.$Shape
         */

        /**
         * Constructs a new ProcessThreadSample.
         * @memberof infrawatch
         * @classdesc Represents a ProcessThreadSample.
         * @constructor
         * @param {infrawatch.ProcessThreadSample.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProcessThreadSample = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProcessThreadSample threadId.
         * @member {number} threadId
         * @memberof infrawatch.ProcessThreadSample
         * @instance
         */
        ProcessThreadSample.prototype.threadId = 0;

        /**
         * ProcessThreadSample name.
         * @member {string} name
         * @memberof infrawatch.ProcessThreadSample
         * @instance
         */
        ProcessThreadSample.prototype.name = "";

        /**
         * ProcessThreadSample state.
         * @member {string} state
         * @memberof infrawatch.ProcessThreadSample
         * @instance
         */
        ProcessThreadSample.prototype.state = "";

        /**
         * ProcessThreadSample cpuPercent.
         * @member {number} cpuPercent
         * @memberof infrawatch.ProcessThreadSample
         * @instance
         */
        ProcessThreadSample.prototype.cpuPercent = 0;

        /**
         * Creates a new ProcessThreadSample instance using the specified properties.
         * @function create
         * @memberof infrawatch.ProcessThreadSample
         * @static
         * @param {infrawatch.ProcessThreadSample.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ProcessThreadSample} ProcessThreadSample instance
         * @type {{
         *   (properties: infrawatch.ProcessThreadSample.$Shape): infrawatch.ProcessThreadSample & infrawatch.ProcessThreadSample.$Shape;
         *   (properties?: infrawatch.ProcessThreadSample.$Properties): infrawatch.ProcessThreadSample;
         * }}
         */
        ProcessThreadSample.create = function(properties) {
            return new ProcessThreadSample(properties);
        };

        /**
         * Encodes the specified ProcessThreadSample message. Does not implicitly {@link infrawatch.ProcessThreadSample.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ProcessThreadSample
         * @static
         * @param {infrawatch.ProcessThreadSample.$Properties} message ProcessThreadSample message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessThreadSample.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.threadId != null && $Object.hasOwnProperty.call(message, "threadId") && message.threadId !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.threadId);
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.name);
            if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.state);
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent") && !$Object.is(message.cpuPercent, 0))
                writer.uint32(/* id 4, wireType 1 =*/33).double(message.cpuPercent);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ProcessThreadSample message, length delimited. Does not implicitly {@link infrawatch.ProcessThreadSample.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ProcessThreadSample
         * @static
         * @param {infrawatch.ProcessThreadSample.$Properties} message ProcessThreadSample message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessThreadSample.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a ProcessThreadSample message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ProcessThreadSample
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ProcessThreadSample & infrawatch.ProcessThreadSample.$Shape} ProcessThreadSample
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessThreadSample.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ProcessThreadSample();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.threadId = value;
                        else
                            delete message.threadId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.state = value;
                        else
                            delete message.state;
                        continue;
                    }
                case 4: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuPercent = value;
                        else
                            delete message.cpuPercent;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a ProcessThreadSample message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ProcessThreadSample
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ProcessThreadSample & infrawatch.ProcessThreadSample.$Shape} ProcessThreadSample
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessThreadSample.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a ProcessThreadSample message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ProcessThreadSample
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ProcessThreadSample} ProcessThreadSample
         */
        ProcessThreadSample.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ProcessThreadSample)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ProcessThreadSample: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ProcessThreadSample();
            if (object.threadId != null)
                if ($Number(object.threadId) !== 0)
                    message.threadId = object.threadId | 0;
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.state != null)
                if (typeof object.state !== "string" || object.state.length)
                    message.state = $String(object.state);
            if (object.cpuPercent != null)
                if (!$Object.is($Number(object.cpuPercent), 0))
                    message.cpuPercent = $Number(object.cpuPercent);
            return message;
        };

        /**
         * Creates a plain object from a ProcessThreadSample message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ProcessThreadSample
         * @static
         * @param {infrawatch.ProcessThreadSample} message ProcessThreadSample
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ProcessThreadSample.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.threadId = 0;
                object.name = "";
                object.state = "";
                object.cpuPercent = 0;
            }
            if (message.threadId != null && $Object.hasOwnProperty.call(message, "threadId"))
                object.threadId = message.threadId;
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                object.state = message.state;
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent"))
                object.cpuPercent = options.json && !$isFinite(message.cpuPercent) ? $String(message.cpuPercent) : message.cpuPercent;
            return object;
        };

        /**
         * Converts this ProcessThreadSample to JSON.
         * @function toJSON
         * @memberof infrawatch.ProcessThreadSample
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ProcessThreadSample.prototype.toJSON = function() {
            return ProcessThreadSample.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ProcessThreadSample
         * @function getTypeUrl
         * @memberof infrawatch.ProcessThreadSample
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProcessThreadSample.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ProcessThreadSample";
        };

        return ProcessThreadSample;
    })();

    infrawatch.ProcessAggregateSample = (function() {

        /**
         * Properties of a ProcessAggregateSample.
         * @typedef {Object} infrawatch.ProcessAggregateSample.$Properties
         * @property {string|null} [processDisplayName] ProcessAggregateSample processDisplayName
         * @property {number|null} [processCount] ProcessAggregateSample processCount
         * @property {number|null} [cpuPercent] ProcessAggregateSample cpuPercent
         * @property {number|null} [cpuUserPercent] ProcessAggregateSample cpuUserPercent
         * @property {number|null} [cpuSystemPercent] ProcessAggregateSample cpuSystemPercent
         * @property {number|Long|null} [memoryResidentSizeBytes] ProcessAggregateSample memoryResidentSizeBytes
         * @property {number|Long|null} [memoryVirtualSizeBytes] ProcessAggregateSample memoryVirtualSizeBytes
         * @property {number|Long|null} [threadCount] ProcessAggregateSample threadCount
         * @property {number|null} [reapedChildrenCpuPercent] ProcessAggregateSample reapedChildrenCpuPercent
         * @property {boolean|null} [unattributed] ProcessAggregateSample unattributed
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProcessAggregateSample.
         * @memberof infrawatch
         * @interface IProcessAggregateSample
         * @augments infrawatch.ProcessAggregateSample.$Properties
         * @deprecated Use infrawatch.ProcessAggregateSample.$Properties instead.
         */

        /**
         * Shape of a ProcessAggregateSample.
         * @typedef {infrawatch.ProcessAggregateSample.$Properties} infrawatch.ProcessAggregateSample.$Shape
         */

        /**
         * Constructs a new ProcessAggregateSample.
         * @memberof infrawatch
         * @classdesc Represents a ProcessAggregateSample.
         * @constructor
         * @param {infrawatch.ProcessAggregateSample.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProcessAggregateSample = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProcessAggregateSample processDisplayName.
         * @member {string} processDisplayName
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.processDisplayName = "";

        /**
         * ProcessAggregateSample processCount.
         * @member {number} processCount
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.processCount = 0;

        /**
         * ProcessAggregateSample cpuPercent.
         * @member {number} cpuPercent
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.cpuPercent = 0;

        /**
         * ProcessAggregateSample cpuUserPercent.
         * @member {number} cpuUserPercent
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.cpuUserPercent = 0;

        /**
         * ProcessAggregateSample cpuSystemPercent.
         * @member {number} cpuSystemPercent
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.cpuSystemPercent = 0;

        /**
         * ProcessAggregateSample memoryResidentSizeBytes.
         * @member {number|Long} memoryResidentSizeBytes
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.memoryResidentSizeBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessAggregateSample memoryVirtualSizeBytes.
         * @member {number|Long} memoryVirtualSizeBytes
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.memoryVirtualSizeBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessAggregateSample threadCount.
         * @member {number|Long} threadCount
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.threadCount = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessAggregateSample reapedChildrenCpuPercent.
         * @member {number} reapedChildrenCpuPercent
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.reapedChildrenCpuPercent = 0;

        /**
         * ProcessAggregateSample unattributed.
         * @member {boolean} unattributed
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         */
        ProcessAggregateSample.prototype.unattributed = false;

        /**
         * Creates a new ProcessAggregateSample instance using the specified properties.
         * @function create
         * @memberof infrawatch.ProcessAggregateSample
         * @static
         * @param {infrawatch.ProcessAggregateSample.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ProcessAggregateSample} ProcessAggregateSample instance
         * @type {{
         *   (properties: infrawatch.ProcessAggregateSample.$Shape): infrawatch.ProcessAggregateSample & infrawatch.ProcessAggregateSample.$Shape;
         *   (properties?: infrawatch.ProcessAggregateSample.$Properties): infrawatch.ProcessAggregateSample;
         * }}
         */
        ProcessAggregateSample.create = function(properties) {
            return new ProcessAggregateSample(properties);
        };

        /**
         * Encodes the specified ProcessAggregateSample message. Does not implicitly {@link infrawatch.ProcessAggregateSample.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ProcessAggregateSample
         * @static
         * @param {infrawatch.ProcessAggregateSample.$Properties} message ProcessAggregateSample message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessAggregateSample.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.processDisplayName != null && $Object.hasOwnProperty.call(message, "processDisplayName") && message.processDisplayName !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.processDisplayName);
            if (message.processCount != null && $Object.hasOwnProperty.call(message, "processCount") && message.processCount !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.processCount);
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent") && !$Object.is(message.cpuPercent, 0))
                writer.uint32(/* id 3, wireType 1 =*/25).double(message.cpuPercent);
            if (message.cpuUserPercent != null && $Object.hasOwnProperty.call(message, "cpuUserPercent") && !$Object.is(message.cpuUserPercent, 0))
                writer.uint32(/* id 4, wireType 1 =*/33).double(message.cpuUserPercent);
            if (message.cpuSystemPercent != null && $Object.hasOwnProperty.call(message, "cpuSystemPercent") && !$Object.is(message.cpuSystemPercent, 0))
                writer.uint32(/* id 5, wireType 1 =*/41).double(message.cpuSystemPercent);
            if (message.memoryResidentSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryResidentSizeBytes") && (typeof message.memoryResidentSizeBytes === "object" ? message.memoryResidentSizeBytes.low || message.memoryResidentSizeBytes.high : message.memoryResidentSizeBytes !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.memoryResidentSizeBytes);
            if (message.memoryVirtualSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryVirtualSizeBytes") && (typeof message.memoryVirtualSizeBytes === "object" ? message.memoryVirtualSizeBytes.low || message.memoryVirtualSizeBytes.high : message.memoryVirtualSizeBytes !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.memoryVirtualSizeBytes);
            if (message.threadCount != null && $Object.hasOwnProperty.call(message, "threadCount") && (typeof message.threadCount === "object" ? message.threadCount.low || message.threadCount.high : message.threadCount !== 0))
                writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.threadCount);
            if (message.reapedChildrenCpuPercent != null && $Object.hasOwnProperty.call(message, "reapedChildrenCpuPercent") && !$Object.is(message.reapedChildrenCpuPercent, 0))
                writer.uint32(/* id 9, wireType 1 =*/73).double(message.reapedChildrenCpuPercent);
            if (message.unattributed != null && $Object.hasOwnProperty.call(message, "unattributed") && message.unattributed !== false)
                writer.uint32(/* id 10, wireType 0 =*/80).bool(message.unattributed);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ProcessAggregateSample message, length delimited. Does not implicitly {@link infrawatch.ProcessAggregateSample.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ProcessAggregateSample
         * @static
         * @param {infrawatch.ProcessAggregateSample.$Properties} message ProcessAggregateSample message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessAggregateSample.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a ProcessAggregateSample message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ProcessAggregateSample
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ProcessAggregateSample & infrawatch.ProcessAggregateSample.$Shape} ProcessAggregateSample
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessAggregateSample.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ProcessAggregateSample();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.processDisplayName = value;
                        else
                            delete message.processDisplayName;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.processCount = value;
                        else
                            delete message.processCount;
                        continue;
                    }
                case 3: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuPercent = value;
                        else
                            delete message.cpuPercent;
                        continue;
                    }
                case 4: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuUserPercent = value;
                        else
                            delete message.cpuUserPercent;
                        continue;
                    }
                case 5: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuSystemPercent = value;
                        else
                            delete message.cpuSystemPercent;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryResidentSizeBytes = value;
                        else
                            delete message.memoryResidentSizeBytes;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryVirtualSizeBytes = value;
                        else
                            delete message.memoryVirtualSizeBytes;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.threadCount = value;
                        else
                            delete message.threadCount;
                        continue;
                    }
                case 9: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.reapedChildrenCpuPercent = value;
                        else
                            delete message.reapedChildrenCpuPercent;
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.unattributed = value;
                        else
                            delete message.unattributed;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a ProcessAggregateSample message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ProcessAggregateSample
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ProcessAggregateSample & infrawatch.ProcessAggregateSample.$Shape} ProcessAggregateSample
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessAggregateSample.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a ProcessAggregateSample message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ProcessAggregateSample
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ProcessAggregateSample} ProcessAggregateSample
         */
        ProcessAggregateSample.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ProcessAggregateSample)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ProcessAggregateSample: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ProcessAggregateSample();
            if (object.processDisplayName != null)
                if (typeof object.processDisplayName !== "string" || object.processDisplayName.length)
                    message.processDisplayName = $String(object.processDisplayName);
            if (object.processCount != null)
                if ($Number(object.processCount) !== 0)
                    message.processCount = object.processCount >>> 0;
            if (object.cpuPercent != null)
                if (!$Object.is($Number(object.cpuPercent), 0))
                    message.cpuPercent = $Number(object.cpuPercent);
            if (object.cpuUserPercent != null)
                if (!$Object.is($Number(object.cpuUserPercent), 0))
                    message.cpuUserPercent = $Number(object.cpuUserPercent);
            if (object.cpuSystemPercent != null)
                if (!$Object.is($Number(object.cpuSystemPercent), 0))
                    message.cpuSystemPercent = $Number(object.cpuSystemPercent);
            if (object.memoryResidentSizeBytes != null)
                if (typeof object.memoryResidentSizeBytes === "object" ? object.memoryResidentSizeBytes.low || object.memoryResidentSizeBytes.high : $Number(object.memoryResidentSizeBytes) !== 0)
                    if ($util.Long)
                        message.memoryResidentSizeBytes = $util.Long.fromValue(object.memoryResidentSizeBytes, true);
                    else if (typeof object.memoryResidentSizeBytes === "string")
                        message.memoryResidentSizeBytes = $parseInt(object.memoryResidentSizeBytes, 10);
                    else if (typeof object.memoryResidentSizeBytes === "number")
                        message.memoryResidentSizeBytes = object.memoryResidentSizeBytes;
                    else if (typeof object.memoryResidentSizeBytes === "object")
                        message.memoryResidentSizeBytes = new $util.LongBits(object.memoryResidentSizeBytes.low >>> 0, object.memoryResidentSizeBytes.high >>> 0).toNumber(true);
            if (object.memoryVirtualSizeBytes != null)
                if (typeof object.memoryVirtualSizeBytes === "object" ? object.memoryVirtualSizeBytes.low || object.memoryVirtualSizeBytes.high : $Number(object.memoryVirtualSizeBytes) !== 0)
                    if ($util.Long)
                        message.memoryVirtualSizeBytes = $util.Long.fromValue(object.memoryVirtualSizeBytes, true);
                    else if (typeof object.memoryVirtualSizeBytes === "string")
                        message.memoryVirtualSizeBytes = $parseInt(object.memoryVirtualSizeBytes, 10);
                    else if (typeof object.memoryVirtualSizeBytes === "number")
                        message.memoryVirtualSizeBytes = object.memoryVirtualSizeBytes;
                    else if (typeof object.memoryVirtualSizeBytes === "object")
                        message.memoryVirtualSizeBytes = new $util.LongBits(object.memoryVirtualSizeBytes.low >>> 0, object.memoryVirtualSizeBytes.high >>> 0).toNumber(true);
            if (object.threadCount != null)
                if (typeof object.threadCount === "object" ? object.threadCount.low || object.threadCount.high : $Number(object.threadCount) !== 0)
                    if ($util.Long)
                        message.threadCount = $util.Long.fromValue(object.threadCount, true);
                    else if (typeof object.threadCount === "string")
                        message.threadCount = $parseInt(object.threadCount, 10);
                    else if (typeof object.threadCount === "number")
                        message.threadCount = object.threadCount;
                    else if (typeof object.threadCount === "object")
                        message.threadCount = new $util.LongBits(object.threadCount.low >>> 0, object.threadCount.high >>> 0).toNumber(true);
            if (object.reapedChildrenCpuPercent != null)
                if (!$Object.is($Number(object.reapedChildrenCpuPercent), 0))
                    message.reapedChildrenCpuPercent = $Number(object.reapedChildrenCpuPercent);
            if (object.unattributed != null)
                if (object.unattributed)
                    message.unattributed = $Boolean(object.unattributed);
            return message;
        };

        /**
         * Creates a plain object from a ProcessAggregateSample message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ProcessAggregateSample
         * @static
         * @param {infrawatch.ProcessAggregateSample} message ProcessAggregateSample
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ProcessAggregateSample.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.processDisplayName = "";
                object.processCount = 0;
                object.cpuPercent = 0;
                object.cpuUserPercent = 0;
                object.cpuSystemPercent = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryResidentSizeBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryResidentSizeBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryVirtualSizeBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryVirtualSizeBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.threadCount = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.threadCount = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.reapedChildrenCpuPercent = 0;
                object.unattributed = false;
            }
            if (message.processDisplayName != null && $Object.hasOwnProperty.call(message, "processDisplayName"))
                object.processDisplayName = message.processDisplayName;
            if (message.processCount != null && $Object.hasOwnProperty.call(message, "processCount"))
                object.processCount = message.processCount;
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent"))
                object.cpuPercent = options.json && !$isFinite(message.cpuPercent) ? $String(message.cpuPercent) : message.cpuPercent;
            if (message.cpuUserPercent != null && $Object.hasOwnProperty.call(message, "cpuUserPercent"))
                object.cpuUserPercent = options.json && !$isFinite(message.cpuUserPercent) ? $String(message.cpuUserPercent) : message.cpuUserPercent;
            if (message.cpuSystemPercent != null && $Object.hasOwnProperty.call(message, "cpuSystemPercent"))
                object.cpuSystemPercent = options.json && !$isFinite(message.cpuSystemPercent) ? $String(message.cpuSystemPercent) : message.cpuSystemPercent;
            if (message.memoryResidentSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryResidentSizeBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryResidentSizeBytes = typeof message.memoryResidentSizeBytes === "number" ? $BigInt(message.memoryResidentSizeBytes) : $util.Long.fromBits(message.memoryResidentSizeBytes.low >>> 0, message.memoryResidentSizeBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryResidentSizeBytes === "number")
                    object.memoryResidentSizeBytes = options.longs === $String ? $String(message.memoryResidentSizeBytes) : message.memoryResidentSizeBytes;
                else
                    object.memoryResidentSizeBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryResidentSizeBytes) : options.longs === $Number ? new $util.LongBits(message.memoryResidentSizeBytes.low >>> 0, message.memoryResidentSizeBytes.high >>> 0).toNumber(true) : message.memoryResidentSizeBytes;
            if (message.memoryVirtualSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryVirtualSizeBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryVirtualSizeBytes = typeof message.memoryVirtualSizeBytes === "number" ? $BigInt(message.memoryVirtualSizeBytes) : $util.Long.fromBits(message.memoryVirtualSizeBytes.low >>> 0, message.memoryVirtualSizeBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryVirtualSizeBytes === "number")
                    object.memoryVirtualSizeBytes = options.longs === $String ? $String(message.memoryVirtualSizeBytes) : message.memoryVirtualSizeBytes;
                else
                    object.memoryVirtualSizeBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryVirtualSizeBytes) : options.longs === $Number ? new $util.LongBits(message.memoryVirtualSizeBytes.low >>> 0, message.memoryVirtualSizeBytes.high >>> 0).toNumber(true) : message.memoryVirtualSizeBytes;
            if (message.threadCount != null && $Object.hasOwnProperty.call(message, "threadCount"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.threadCount = typeof message.threadCount === "number" ? $BigInt(message.threadCount) : $util.Long.fromBits(message.threadCount.low >>> 0, message.threadCount.high >>> 0, true).toBigInt();
                else if (typeof message.threadCount === "number")
                    object.threadCount = options.longs === $String ? $String(message.threadCount) : message.threadCount;
                else
                    object.threadCount = options.longs === $String ? $util.Long.prototype.toString.call(message.threadCount) : options.longs === $Number ? new $util.LongBits(message.threadCount.low >>> 0, message.threadCount.high >>> 0).toNumber(true) : message.threadCount;
            if (message.reapedChildrenCpuPercent != null && $Object.hasOwnProperty.call(message, "reapedChildrenCpuPercent"))
                object.reapedChildrenCpuPercent = options.json && !$isFinite(message.reapedChildrenCpuPercent) ? $String(message.reapedChildrenCpuPercent) : message.reapedChildrenCpuPercent;
            if (message.unattributed != null && $Object.hasOwnProperty.call(message, "unattributed"))
                object.unattributed = message.unattributed;
            return object;
        };

        /**
         * Converts this ProcessAggregateSample to JSON.
         * @function toJSON
         * @memberof infrawatch.ProcessAggregateSample
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ProcessAggregateSample.prototype.toJSON = function() {
            return ProcessAggregateSample.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ProcessAggregateSample
         * @function getTypeUrl
         * @memberof infrawatch.ProcessAggregateSample
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProcessAggregateSample.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ProcessAggregateSample";
        };

        return ProcessAggregateSample;
    })();

    infrawatch.ProcessTotals = (function() {

        /**
         * Properties of a ProcessTotals.
         * @typedef {Object} infrawatch.ProcessTotals.$Properties
         * @property {number|null} [processCount] ProcessTotals processCount
         * @property {number|null} [kernelThreadCount] ProcessTotals kernelThreadCount
         * @property {number|Long|null} [threadCount] ProcessTotals threadCount
         * @property {number|null} [cpuPercent] ProcessTotals cpuPercent
         * @property {number|null} [cpuUserPercent] ProcessTotals cpuUserPercent
         * @property {number|null} [cpuSystemPercent] ProcessTotals cpuSystemPercent
         * @property {number|Long|null} [memoryResidentSizeBytes] ProcessTotals memoryResidentSizeBytes
         * @property {number|Long|null} [memoryVirtualSizeBytes] ProcessTotals memoryVirtualSizeBytes
         * @property {number|null} [reapedChildrenCpuPercent] ProcessTotals reapedChildrenCpuPercent
         * @property {number|null} [hostCpuPercent] ProcessTotals hostCpuPercent
         * @property {number|null} [unattributedCpuPercent] ProcessTotals unattributedCpuPercent
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProcessTotals.
         * @memberof infrawatch
         * @interface IProcessTotals
         * @augments infrawatch.ProcessTotals.$Properties
         * @deprecated Use infrawatch.ProcessTotals.$Properties instead.
         */

        /**
         * Shape of a ProcessTotals.
         * @typedef {infrawatch.ProcessTotals.$Properties} infrawatch.ProcessTotals.$Shape
         */

        /**
         * Constructs a new ProcessTotals.
         * @memberof infrawatch
         * @classdesc Represents a ProcessTotals.
         * @constructor
         * @param {infrawatch.ProcessTotals.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProcessTotals = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProcessTotals processCount.
         * @member {number} processCount
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.processCount = 0;

        /**
         * ProcessTotals kernelThreadCount.
         * @member {number} kernelThreadCount
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.kernelThreadCount = 0;

        /**
         * ProcessTotals threadCount.
         * @member {number|Long} threadCount
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.threadCount = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessTotals cpuPercent.
         * @member {number} cpuPercent
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.cpuPercent = 0;

        /**
         * ProcessTotals cpuUserPercent.
         * @member {number} cpuUserPercent
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.cpuUserPercent = 0;

        /**
         * ProcessTotals cpuSystemPercent.
         * @member {number} cpuSystemPercent
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.cpuSystemPercent = 0;

        /**
         * ProcessTotals memoryResidentSizeBytes.
         * @member {number|Long} memoryResidentSizeBytes
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.memoryResidentSizeBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessTotals memoryVirtualSizeBytes.
         * @member {number|Long} memoryVirtualSizeBytes
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.memoryVirtualSizeBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessTotals reapedChildrenCpuPercent.
         * @member {number} reapedChildrenCpuPercent
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.reapedChildrenCpuPercent = 0;

        /**
         * ProcessTotals hostCpuPercent.
         * @member {number|null|undefined} hostCpuPercent
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.hostCpuPercent = null;

        /**
         * ProcessTotals unattributedCpuPercent.
         * @member {number|null|undefined} unattributedCpuPercent
         * @memberof infrawatch.ProcessTotals
         * @instance
         */
        ProcessTotals.prototype.unattributedCpuPercent = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ProcessTotals.prototype, "_hostCpuPercent", {
            get: $util.oneOfGetter($oneOfFields = ["hostCpuPercent"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ProcessTotals.prototype, "_unattributedCpuPercent", {
            get: $util.oneOfGetter($oneOfFields = ["unattributedCpuPercent"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new ProcessTotals instance using the specified properties.
         * @function create
         * @memberof infrawatch.ProcessTotals
         * @static
         * @param {infrawatch.ProcessTotals.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ProcessTotals} ProcessTotals instance
         * @type {{
         *   (properties: infrawatch.ProcessTotals.$Shape): infrawatch.ProcessTotals & infrawatch.ProcessTotals.$Shape;
         *   (properties?: infrawatch.ProcessTotals.$Properties): infrawatch.ProcessTotals;
         * }}
         */
        ProcessTotals.create = function(properties) {
            return new ProcessTotals(properties);
        };

        /**
         * Encodes the specified ProcessTotals message. Does not implicitly {@link infrawatch.ProcessTotals.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ProcessTotals
         * @static
         * @param {infrawatch.ProcessTotals.$Properties} message ProcessTotals message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessTotals.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.processCount != null && $Object.hasOwnProperty.call(message, "processCount") && message.processCount !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.processCount);
            if (message.kernelThreadCount != null && $Object.hasOwnProperty.call(message, "kernelThreadCount") && message.kernelThreadCount !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.kernelThreadCount);
            if (message.threadCount != null && $Object.hasOwnProperty.call(message, "threadCount") && (typeof message.threadCount === "object" ? message.threadCount.low || message.threadCount.high : message.threadCount !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.threadCount);
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent") && !$Object.is(message.cpuPercent, 0))
                writer.uint32(/* id 4, wireType 1 =*/33).double(message.cpuPercent);
            if (message.cpuUserPercent != null && $Object.hasOwnProperty.call(message, "cpuUserPercent") && !$Object.is(message.cpuUserPercent, 0))
                writer.uint32(/* id 5, wireType 1 =*/41).double(message.cpuUserPercent);
            if (message.cpuSystemPercent != null && $Object.hasOwnProperty.call(message, "cpuSystemPercent") && !$Object.is(message.cpuSystemPercent, 0))
                writer.uint32(/* id 6, wireType 1 =*/49).double(message.cpuSystemPercent);
            if (message.memoryResidentSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryResidentSizeBytes") && (typeof message.memoryResidentSizeBytes === "object" ? message.memoryResidentSizeBytes.low || message.memoryResidentSizeBytes.high : message.memoryResidentSizeBytes !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.memoryResidentSizeBytes);
            if (message.memoryVirtualSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryVirtualSizeBytes") && (typeof message.memoryVirtualSizeBytes === "object" ? message.memoryVirtualSizeBytes.low || message.memoryVirtualSizeBytes.high : message.memoryVirtualSizeBytes !== 0))
                writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.memoryVirtualSizeBytes);
            if (message.reapedChildrenCpuPercent != null && $Object.hasOwnProperty.call(message, "reapedChildrenCpuPercent") && !$Object.is(message.reapedChildrenCpuPercent, 0))
                writer.uint32(/* id 9, wireType 1 =*/73).double(message.reapedChildrenCpuPercent);
            if (message.hostCpuPercent != null && $Object.hasOwnProperty.call(message, "hostCpuPercent"))
                writer.uint32(/* id 10, wireType 1 =*/81).double(message.hostCpuPercent);
            if (message.unattributedCpuPercent != null && $Object.hasOwnProperty.call(message, "unattributedCpuPercent"))
                writer.uint32(/* id 11, wireType 1 =*/89).double(message.unattributedCpuPercent);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ProcessTotals message, length delimited. Does not implicitly {@link infrawatch.ProcessTotals.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ProcessTotals
         * @static
         * @param {infrawatch.ProcessTotals.$Properties} message ProcessTotals message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessTotals.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a ProcessTotals message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ProcessTotals
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ProcessTotals & infrawatch.ProcessTotals.$Shape} ProcessTotals
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessTotals.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ProcessTotals();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.processCount = value;
                        else
                            delete message.processCount;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.kernelThreadCount = value;
                        else
                            delete message.kernelThreadCount;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.threadCount = value;
                        else
                            delete message.threadCount;
                        continue;
                    }
                case 4: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuPercent = value;
                        else
                            delete message.cpuPercent;
                        continue;
                    }
                case 5: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuUserPercent = value;
                        else
                            delete message.cpuUserPercent;
                        continue;
                    }
                case 6: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuSystemPercent = value;
                        else
                            delete message.cpuSystemPercent;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryResidentSizeBytes = value;
                        else
                            delete message.memoryResidentSizeBytes;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryVirtualSizeBytes = value;
                        else
                            delete message.memoryVirtualSizeBytes;
                        continue;
                    }
                case 9: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.reapedChildrenCpuPercent = value;
                        else
                            delete message.reapedChildrenCpuPercent;
                        continue;
                    }
                case 10: {
                        if (wireType !== 1)
                            break;
                        message.hostCpuPercent = reader.double();
                        message._hostCpuPercent = "hostCpuPercent";
                        continue;
                    }
                case 11: {
                        if (wireType !== 1)
                            break;
                        message.unattributedCpuPercent = reader.double();
                        message._unattributedCpuPercent = "unattributedCpuPercent";
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a ProcessTotals message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ProcessTotals
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ProcessTotals & infrawatch.ProcessTotals.$Shape} ProcessTotals
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessTotals.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a ProcessTotals message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ProcessTotals
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ProcessTotals} ProcessTotals
         */
        ProcessTotals.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ProcessTotals)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ProcessTotals: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ProcessTotals();
            if (object.processCount != null)
                if ($Number(object.processCount) !== 0)
                    message.processCount = object.processCount >>> 0;
            if (object.kernelThreadCount != null)
                if ($Number(object.kernelThreadCount) !== 0)
                    message.kernelThreadCount = object.kernelThreadCount >>> 0;
            if (object.threadCount != null)
                if (typeof object.threadCount === "object" ? object.threadCount.low || object.threadCount.high : $Number(object.threadCount) !== 0)
                    if ($util.Long)
                        message.threadCount = $util.Long.fromValue(object.threadCount, true);
                    else if (typeof object.threadCount === "string")
                        message.threadCount = $parseInt(object.threadCount, 10);
                    else if (typeof object.threadCount === "number")
                        message.threadCount = object.threadCount;
                    else if (typeof object.threadCount === "object")
                        message.threadCount = new $util.LongBits(object.threadCount.low >>> 0, object.threadCount.high >>> 0).toNumber(true);
            if (object.cpuPercent != null)
                if (!$Object.is($Number(object.cpuPercent), 0))
                    message.cpuPercent = $Number(object.cpuPercent);
            if (object.cpuUserPercent != null)
                if (!$Object.is($Number(object.cpuUserPercent), 0))
                    message.cpuUserPercent = $Number(object.cpuUserPercent);
            if (object.cpuSystemPercent != null)
                if (!$Object.is($Number(object.cpuSystemPercent), 0))
                    message.cpuSystemPercent = $Number(object.cpuSystemPercent);
            if (object.memoryResidentSizeBytes != null)
                if (typeof object.memoryResidentSizeBytes === "object" ? object.memoryResidentSizeBytes.low || object.memoryResidentSizeBytes.high : $Number(object.memoryResidentSizeBytes) !== 0)
                    if ($util.Long)
                        message.memoryResidentSizeBytes = $util.Long.fromValue(object.memoryResidentSizeBytes, true);
                    else if (typeof object.memoryResidentSizeBytes === "string")
                        message.memoryResidentSizeBytes = $parseInt(object.memoryResidentSizeBytes, 10);
                    else if (typeof object.memoryResidentSizeBytes === "number")
                        message.memoryResidentSizeBytes = object.memoryResidentSizeBytes;
                    else if (typeof object.memoryResidentSizeBytes === "object")
                        message.memoryResidentSizeBytes = new $util.LongBits(object.memoryResidentSizeBytes.low >>> 0, object.memoryResidentSizeBytes.high >>> 0).toNumber(true);
            if (object.memoryVirtualSizeBytes != null)
                if (typeof object.memoryVirtualSizeBytes === "object" ? object.memoryVirtualSizeBytes.low || object.memoryVirtualSizeBytes.high : $Number(object.memoryVirtualSizeBytes) !== 0)
                    if ($util.Long)
                        message.memoryVirtualSizeBytes = $util.Long.fromValue(object.memoryVirtualSizeBytes, true);
                    else if (typeof object.memoryVirtualSizeBytes === "string")
                        message.memoryVirtualSizeBytes = $parseInt(object.memoryVirtualSizeBytes, 10);
                    else if (typeof object.memoryVirtualSizeBytes === "number")
                        message.memoryVirtualSizeBytes = object.memoryVirtualSizeBytes;
                    else if (typeof object.memoryVirtualSizeBytes === "object")
                        message.memoryVirtualSizeBytes = new $util.LongBits(object.memoryVirtualSizeBytes.low >>> 0, object.memoryVirtualSizeBytes.high >>> 0).toNumber(true);
            if (object.reapedChildrenCpuPercent != null)
                if (!$Object.is($Number(object.reapedChildrenCpuPercent), 0))
                    message.reapedChildrenCpuPercent = $Number(object.reapedChildrenCpuPercent);
            if (object.hostCpuPercent != null)
                message.hostCpuPercent = $Number(object.hostCpuPercent);
            if (object.unattributedCpuPercent != null)
                message.unattributedCpuPercent = $Number(object.unattributedCpuPercent);
            return message;
        };

        /**
         * Creates a plain object from a ProcessTotals message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ProcessTotals
         * @static
         * @param {infrawatch.ProcessTotals} message ProcessTotals
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ProcessTotals.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.processCount = 0;
                object.kernelThreadCount = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.threadCount = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.threadCount = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.cpuPercent = 0;
                object.cpuUserPercent = 0;
                object.cpuSystemPercent = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryResidentSizeBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryResidentSizeBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryVirtualSizeBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryVirtualSizeBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.reapedChildrenCpuPercent = 0;
            }
            if (message.processCount != null && $Object.hasOwnProperty.call(message, "processCount"))
                object.processCount = message.processCount;
            if (message.kernelThreadCount != null && $Object.hasOwnProperty.call(message, "kernelThreadCount"))
                object.kernelThreadCount = message.kernelThreadCount;
            if (message.threadCount != null && $Object.hasOwnProperty.call(message, "threadCount"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.threadCount = typeof message.threadCount === "number" ? $BigInt(message.threadCount) : $util.Long.fromBits(message.threadCount.low >>> 0, message.threadCount.high >>> 0, true).toBigInt();
                else if (typeof message.threadCount === "number")
                    object.threadCount = options.longs === $String ? $String(message.threadCount) : message.threadCount;
                else
                    object.threadCount = options.longs === $String ? $util.Long.prototype.toString.call(message.threadCount) : options.longs === $Number ? new $util.LongBits(message.threadCount.low >>> 0, message.threadCount.high >>> 0).toNumber(true) : message.threadCount;
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent"))
                object.cpuPercent = options.json && !$isFinite(message.cpuPercent) ? $String(message.cpuPercent) : message.cpuPercent;
            if (message.cpuUserPercent != null && $Object.hasOwnProperty.call(message, "cpuUserPercent"))
                object.cpuUserPercent = options.json && !$isFinite(message.cpuUserPercent) ? $String(message.cpuUserPercent) : message.cpuUserPercent;
            if (message.cpuSystemPercent != null && $Object.hasOwnProperty.call(message, "cpuSystemPercent"))
                object.cpuSystemPercent = options.json && !$isFinite(message.cpuSystemPercent) ? $String(message.cpuSystemPercent) : message.cpuSystemPercent;
            if (message.memoryResidentSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryResidentSizeBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryResidentSizeBytes = typeof message.memoryResidentSizeBytes === "number" ? $BigInt(message.memoryResidentSizeBytes) : $util.Long.fromBits(message.memoryResidentSizeBytes.low >>> 0, message.memoryResidentSizeBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryResidentSizeBytes === "number")
                    object.memoryResidentSizeBytes = options.longs === $String ? $String(message.memoryResidentSizeBytes) : message.memoryResidentSizeBytes;
                else
                    object.memoryResidentSizeBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryResidentSizeBytes) : options.longs === $Number ? new $util.LongBits(message.memoryResidentSizeBytes.low >>> 0, message.memoryResidentSizeBytes.high >>> 0).toNumber(true) : message.memoryResidentSizeBytes;
            if (message.memoryVirtualSizeBytes != null && $Object.hasOwnProperty.call(message, "memoryVirtualSizeBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryVirtualSizeBytes = typeof message.memoryVirtualSizeBytes === "number" ? $BigInt(message.memoryVirtualSizeBytes) : $util.Long.fromBits(message.memoryVirtualSizeBytes.low >>> 0, message.memoryVirtualSizeBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryVirtualSizeBytes === "number")
                    object.memoryVirtualSizeBytes = options.longs === $String ? $String(message.memoryVirtualSizeBytes) : message.memoryVirtualSizeBytes;
                else
                    object.memoryVirtualSizeBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryVirtualSizeBytes) : options.longs === $Number ? new $util.LongBits(message.memoryVirtualSizeBytes.low >>> 0, message.memoryVirtualSizeBytes.high >>> 0).toNumber(true) : message.memoryVirtualSizeBytes;
            if (message.reapedChildrenCpuPercent != null && $Object.hasOwnProperty.call(message, "reapedChildrenCpuPercent"))
                object.reapedChildrenCpuPercent = options.json && !$isFinite(message.reapedChildrenCpuPercent) ? $String(message.reapedChildrenCpuPercent) : message.reapedChildrenCpuPercent;
            if (message.hostCpuPercent != null && $Object.hasOwnProperty.call(message, "hostCpuPercent"))
                object.hostCpuPercent = options.json && !$isFinite(message.hostCpuPercent) ? $String(message.hostCpuPercent) : message.hostCpuPercent;
            if (message.unattributedCpuPercent != null && $Object.hasOwnProperty.call(message, "unattributedCpuPercent"))
                object.unattributedCpuPercent = options.json && !$isFinite(message.unattributedCpuPercent) ? $String(message.unattributedCpuPercent) : message.unattributedCpuPercent;
            return object;
        };

        /**
         * Converts this ProcessTotals to JSON.
         * @function toJSON
         * @memberof infrawatch.ProcessTotals
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ProcessTotals.prototype.toJSON = function() {
            return ProcessTotals.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ProcessTotals
         * @function getTypeUrl
         * @memberof infrawatch.ProcessTotals
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProcessTotals.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ProcessTotals";
        };

        return ProcessTotals;
    })();

    infrawatch.ScanCounters = (function() {

        /**
         * Properties of a ScanCounters.
         * @typedef {Object} infrawatch.ScanCounters.$Properties
         * @property {number|null} [listed] ScanCounters listed
         * @property {number|null} [scanned] ScanCounters scanned
         * @property {number|null} [vanished] ScanCounters vanished
         * @property {number|null} [denied] ScanCounters denied
         * @property {number|null} [malformed] ScanCounters malformed
         * @property {number|null} [readErrors] ScanCounters readErrors
         * @property {number|null} [newProcesses] ScanCounters newProcesses
         * @property {number|null} [pidsReused] ScanCounters pidsReused
         * @property {number|null} [counterBackwards] ScanCounters counterBackwards
         * @property {number|null} [cpuClamped] ScanCounters cpuClamped
         * @property {number|null} [missing] ScanCounters missing
         * @property {string|null} [scanner] ScanCounters scanner
         * @property {number|null} [bpfFallbacks] ScanCounters bpfFallbacks
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScanCounters.
         * @memberof infrawatch
         * @interface IScanCounters
         * @augments infrawatch.ScanCounters.$Properties
         * @deprecated Use infrawatch.ScanCounters.$Properties instead.
         */

        /**
         * Shape of a ScanCounters.
         * @typedef {infrawatch.ScanCounters.$Properties} infrawatch.ScanCounters.$Shape
         */

        /**
         * Constructs a new ScanCounters.
         * @memberof infrawatch
         * @classdesc Represents a ScanCounters.
         * @constructor
         * @param {infrawatch.ScanCounters.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScanCounters = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScanCounters listed.
         * @member {number} listed
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.listed = 0;

        /**
         * ScanCounters scanned.
         * @member {number} scanned
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.scanned = 0;

        /**
         * ScanCounters vanished.
         * @member {number} vanished
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.vanished = 0;

        /**
         * ScanCounters denied.
         * @member {number} denied
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.denied = 0;

        /**
         * ScanCounters malformed.
         * @member {number} malformed
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.malformed = 0;

        /**
         * ScanCounters readErrors.
         * @member {number} readErrors
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.readErrors = 0;

        /**
         * ScanCounters newProcesses.
         * @member {number} newProcesses
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.newProcesses = 0;

        /**
         * ScanCounters pidsReused.
         * @member {number} pidsReused
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.pidsReused = 0;

        /**
         * ScanCounters counterBackwards.
         * @member {number} counterBackwards
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.counterBackwards = 0;

        /**
         * ScanCounters cpuClamped.
         * @member {number} cpuClamped
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.cpuClamped = 0;

        /**
         * ScanCounters missing.
         * @member {number} missing
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.missing = 0;

        /**
         * ScanCounters scanner.
         * @member {string} scanner
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.scanner = "";

        /**
         * ScanCounters bpfFallbacks.
         * @member {number} bpfFallbacks
         * @memberof infrawatch.ScanCounters
         * @instance
         */
        ScanCounters.prototype.bpfFallbacks = 0;

        /**
         * Creates a new ScanCounters instance using the specified properties.
         * @function create
         * @memberof infrawatch.ScanCounters
         * @static
         * @param {infrawatch.ScanCounters.$Properties=} [properties] Properties to set
         * @returns {infrawatch.ScanCounters} ScanCounters instance
         * @type {{
         *   (properties: infrawatch.ScanCounters.$Shape): infrawatch.ScanCounters & infrawatch.ScanCounters.$Shape;
         *   (properties?: infrawatch.ScanCounters.$Properties): infrawatch.ScanCounters;
         * }}
         */
        ScanCounters.create = function(properties) {
            return new ScanCounters(properties);
        };

        /**
         * Encodes the specified ScanCounters message. Does not implicitly {@link infrawatch.ScanCounters.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.ScanCounters
         * @static
         * @param {infrawatch.ScanCounters.$Properties} message ScanCounters message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScanCounters.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.listed != null && $Object.hasOwnProperty.call(message, "listed") && message.listed !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.listed);
            if (message.scanned != null && $Object.hasOwnProperty.call(message, "scanned") && message.scanned !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.scanned);
            if (message.vanished != null && $Object.hasOwnProperty.call(message, "vanished") && message.vanished !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.vanished);
            if (message.denied != null && $Object.hasOwnProperty.call(message, "denied") && message.denied !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.denied);
            if (message.malformed != null && $Object.hasOwnProperty.call(message, "malformed") && message.malformed !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.malformed);
            if (message.readErrors != null && $Object.hasOwnProperty.call(message, "readErrors") && message.readErrors !== 0)
                writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.readErrors);
            if (message.newProcesses != null && $Object.hasOwnProperty.call(message, "newProcesses") && message.newProcesses !== 0)
                writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.newProcesses);
            if (message.pidsReused != null && $Object.hasOwnProperty.call(message, "pidsReused") && message.pidsReused !== 0)
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.pidsReused);
            if (message.counterBackwards != null && $Object.hasOwnProperty.call(message, "counterBackwards") && message.counterBackwards !== 0)
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.counterBackwards);
            if (message.cpuClamped != null && $Object.hasOwnProperty.call(message, "cpuClamped") && message.cpuClamped !== 0)
                writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.cpuClamped);
            if (message.missing != null && $Object.hasOwnProperty.call(message, "missing") && message.missing !== 0)
                writer.uint32(/* id 11, wireType 0 =*/88).uint32(message.missing);
            if (message.scanner != null && $Object.hasOwnProperty.call(message, "scanner") && message.scanner !== "")
                writer.uint32(/* id 12, wireType 2 =*/98).string(message.scanner);
            if (message.bpfFallbacks != null && $Object.hasOwnProperty.call(message, "bpfFallbacks") && message.bpfFallbacks !== 0)
                writer.uint32(/* id 13, wireType 0 =*/104).uint32(message.bpfFallbacks);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified ScanCounters message, length delimited. Does not implicitly {@link infrawatch.ScanCounters.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.ScanCounters
         * @static
         * @param {infrawatch.ScanCounters.$Properties} message ScanCounters message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScanCounters.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a ScanCounters message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.ScanCounters
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.ScanCounters & infrawatch.ScanCounters.$Shape} ScanCounters
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScanCounters.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.ScanCounters();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.listed = value;
                        else
                            delete message.listed;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.scanned = value;
                        else
                            delete message.scanned;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.vanished = value;
                        else
                            delete message.vanished;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.denied = value;
                        else
                            delete message.denied;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.malformed = value;
                        else
                            delete message.malformed;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.readErrors = value;
                        else
                            delete message.readErrors;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.newProcesses = value;
                        else
                            delete message.newProcesses;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.pidsReused = value;
                        else
                            delete message.pidsReused;
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.counterBackwards = value;
                        else
                            delete message.counterBackwards;
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.cpuClamped = value;
                        else
                            delete message.cpuClamped;
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.missing = value;
                        else
                            delete message.missing;
                        continue;
                    }
                case 12: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.scanner = value;
                        else
                            delete message.scanner;
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.bpfFallbacks = value;
                        else
                            delete message.bpfFallbacks;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a ScanCounters message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.ScanCounters
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.ScanCounters & infrawatch.ScanCounters.$Shape} ScanCounters
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScanCounters.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a ScanCounters message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.ScanCounters
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.ScanCounters} ScanCounters
         */
        ScanCounters.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.ScanCounters)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.ScanCounters: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.ScanCounters();
            if (object.listed != null)
                if ($Number(object.listed) !== 0)
                    message.listed = object.listed >>> 0;
            if (object.scanned != null)
                if ($Number(object.scanned) !== 0)
                    message.scanned = object.scanned >>> 0;
            if (object.vanished != null)
                if ($Number(object.vanished) !== 0)
                    message.vanished = object.vanished >>> 0;
            if (object.denied != null)
                if ($Number(object.denied) !== 0)
                    message.denied = object.denied >>> 0;
            if (object.malformed != null)
                if ($Number(object.malformed) !== 0)
                    message.malformed = object.malformed >>> 0;
            if (object.readErrors != null)
                if ($Number(object.readErrors) !== 0)
                    message.readErrors = object.readErrors >>> 0;
            if (object.newProcesses != null)
                if ($Number(object.newProcesses) !== 0)
                    message.newProcesses = object.newProcesses >>> 0;
            if (object.pidsReused != null)
                if ($Number(object.pidsReused) !== 0)
                    message.pidsReused = object.pidsReused >>> 0;
            if (object.counterBackwards != null)
                if ($Number(object.counterBackwards) !== 0)
                    message.counterBackwards = object.counterBackwards >>> 0;
            if (object.cpuClamped != null)
                if ($Number(object.cpuClamped) !== 0)
                    message.cpuClamped = object.cpuClamped >>> 0;
            if (object.missing != null)
                if ($Number(object.missing) !== 0)
                    message.missing = object.missing >>> 0;
            if (object.scanner != null)
                if (typeof object.scanner !== "string" || object.scanner.length)
                    message.scanner = $String(object.scanner);
            if (object.bpfFallbacks != null)
                if ($Number(object.bpfFallbacks) !== 0)
                    message.bpfFallbacks = object.bpfFallbacks >>> 0;
            return message;
        };

        /**
         * Creates a plain object from a ScanCounters message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.ScanCounters
         * @static
         * @param {infrawatch.ScanCounters} message ScanCounters
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ScanCounters.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.listed = 0;
                object.scanned = 0;
                object.vanished = 0;
                object.denied = 0;
                object.malformed = 0;
                object.readErrors = 0;
                object.newProcesses = 0;
                object.pidsReused = 0;
                object.counterBackwards = 0;
                object.cpuClamped = 0;
                object.missing = 0;
                object.scanner = "";
                object.bpfFallbacks = 0;
            }
            if (message.listed != null && $Object.hasOwnProperty.call(message, "listed"))
                object.listed = message.listed;
            if (message.scanned != null && $Object.hasOwnProperty.call(message, "scanned"))
                object.scanned = message.scanned;
            if (message.vanished != null && $Object.hasOwnProperty.call(message, "vanished"))
                object.vanished = message.vanished;
            if (message.denied != null && $Object.hasOwnProperty.call(message, "denied"))
                object.denied = message.denied;
            if (message.malformed != null && $Object.hasOwnProperty.call(message, "malformed"))
                object.malformed = message.malformed;
            if (message.readErrors != null && $Object.hasOwnProperty.call(message, "readErrors"))
                object.readErrors = message.readErrors;
            if (message.newProcesses != null && $Object.hasOwnProperty.call(message, "newProcesses"))
                object.newProcesses = message.newProcesses;
            if (message.pidsReused != null && $Object.hasOwnProperty.call(message, "pidsReused"))
                object.pidsReused = message.pidsReused;
            if (message.counterBackwards != null && $Object.hasOwnProperty.call(message, "counterBackwards"))
                object.counterBackwards = message.counterBackwards;
            if (message.cpuClamped != null && $Object.hasOwnProperty.call(message, "cpuClamped"))
                object.cpuClamped = message.cpuClamped;
            if (message.missing != null && $Object.hasOwnProperty.call(message, "missing"))
                object.missing = message.missing;
            if (message.scanner != null && $Object.hasOwnProperty.call(message, "scanner"))
                object.scanner = message.scanner;
            if (message.bpfFallbacks != null && $Object.hasOwnProperty.call(message, "bpfFallbacks"))
                object.bpfFallbacks = message.bpfFallbacks;
            return object;
        };

        /**
         * Converts this ScanCounters to JSON.
         * @function toJSON
         * @memberof infrawatch.ScanCounters
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ScanCounters.prototype.toJSON = function() {
            return ScanCounters.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ScanCounters
         * @function getTypeUrl
         * @memberof infrawatch.ScanCounters
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScanCounters.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.ScanCounters";
        };

        return ScanCounters;
    })();

    infrawatch.AgentDiagEvent = (function() {

        /**
         * Properties of an AgentDiagEvent.
         * @typedef {Object} infrawatch.AgentDiagEvent.$Properties
         * @property {string|null} [module] AgentDiagEvent module
         * @property {string|null} [eventType] AgentDiagEvent eventType
         * @property {string|null} [reason] AgentDiagEvent reason
         * @property {number|Long|null} [tsNs] AgentDiagEvent tsNs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AgentDiagEvent.
         * @memberof infrawatch
         * @interface IAgentDiagEvent
         * @augments infrawatch.AgentDiagEvent.$Properties
         * @deprecated Use infrawatch.AgentDiagEvent.$Properties instead.
         */

        /**
         * Shape of an AgentDiagEvent.
         * @typedef {infrawatch.AgentDiagEvent.$Properties} infrawatch.AgentDiagEvent.$Shape
         */

        /**
         * Constructs a new AgentDiagEvent.
         * @memberof infrawatch
         * @classdesc Represents an AgentDiagEvent.
         * @constructor
         * @param {infrawatch.AgentDiagEvent.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AgentDiagEvent = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AgentDiagEvent module.
         * @member {string} module
         * @memberof infrawatch.AgentDiagEvent
         * @instance
         */
        AgentDiagEvent.prototype.module = "";

        /**
         * AgentDiagEvent eventType.
         * @member {string} eventType
         * @memberof infrawatch.AgentDiagEvent
         * @instance
         */
        AgentDiagEvent.prototype.eventType = "";

        /**
         * AgentDiagEvent reason.
         * @member {string} reason
         * @memberof infrawatch.AgentDiagEvent
         * @instance
         */
        AgentDiagEvent.prototype.reason = "";

        /**
         * AgentDiagEvent tsNs.
         * @member {number|Long} tsNs
         * @memberof infrawatch.AgentDiagEvent
         * @instance
         */
        AgentDiagEvent.prototype.tsNs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new AgentDiagEvent instance using the specified properties.
         * @function create
         * @memberof infrawatch.AgentDiagEvent
         * @static
         * @param {infrawatch.AgentDiagEvent.$Properties=} [properties] Properties to set
         * @returns {infrawatch.AgentDiagEvent} AgentDiagEvent instance
         * @type {{
         *   (properties: infrawatch.AgentDiagEvent.$Shape): infrawatch.AgentDiagEvent & infrawatch.AgentDiagEvent.$Shape;
         *   (properties?: infrawatch.AgentDiagEvent.$Properties): infrawatch.AgentDiagEvent;
         * }}
         */
        AgentDiagEvent.create = function(properties) {
            return new AgentDiagEvent(properties);
        };

        /**
         * Encodes the specified AgentDiagEvent message. Does not implicitly {@link infrawatch.AgentDiagEvent.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.AgentDiagEvent
         * @static
         * @param {infrawatch.AgentDiagEvent.$Properties} message AgentDiagEvent message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AgentDiagEvent.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.module != null && $Object.hasOwnProperty.call(message, "module") && message.module !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.module);
            if (message.eventType != null && $Object.hasOwnProperty.call(message, "eventType") && message.eventType !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.eventType);
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
            if (message.tsNs != null && $Object.hasOwnProperty.call(message, "tsNs") && (typeof message.tsNs === "object" ? message.tsNs.low || message.tsNs.high : message.tsNs !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.tsNs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified AgentDiagEvent message, length delimited. Does not implicitly {@link infrawatch.AgentDiagEvent.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.AgentDiagEvent
         * @static
         * @param {infrawatch.AgentDiagEvent.$Properties} message AgentDiagEvent message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AgentDiagEvent.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes an AgentDiagEvent message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.AgentDiagEvent
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.AgentDiagEvent & infrawatch.AgentDiagEvent.$Shape} AgentDiagEvent
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AgentDiagEvent.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.AgentDiagEvent();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.module = value;
                        else
                            delete message.module;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.eventType = value;
                        else
                            delete message.eventType;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.reason = value;
                        else
                            delete message.reason;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.tsNs = value;
                        else
                            delete message.tsNs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes an AgentDiagEvent message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.AgentDiagEvent
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.AgentDiagEvent & infrawatch.AgentDiagEvent.$Shape} AgentDiagEvent
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AgentDiagEvent.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates an AgentDiagEvent message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.AgentDiagEvent
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.AgentDiagEvent} AgentDiagEvent
         */
        AgentDiagEvent.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.AgentDiagEvent)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.AgentDiagEvent: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.AgentDiagEvent();
            if (object.module != null)
                if (typeof object.module !== "string" || object.module.length)
                    message.module = $String(object.module);
            if (object.eventType != null)
                if (typeof object.eventType !== "string" || object.eventType.length)
                    message.eventType = $String(object.eventType);
            if (object.reason != null)
                if (typeof object.reason !== "string" || object.reason.length)
                    message.reason = $String(object.reason);
            if (object.tsNs != null)
                if (typeof object.tsNs === "object" ? object.tsNs.low || object.tsNs.high : $Number(object.tsNs) !== 0)
                    if ($util.Long)
                        message.tsNs = $util.Long.fromValue(object.tsNs, true);
                    else if (typeof object.tsNs === "string")
                        message.tsNs = $parseInt(object.tsNs, 10);
                    else if (typeof object.tsNs === "number")
                        message.tsNs = object.tsNs;
                    else if (typeof object.tsNs === "object")
                        message.tsNs = new $util.LongBits(object.tsNs.low >>> 0, object.tsNs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from an AgentDiagEvent message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.AgentDiagEvent
         * @static
         * @param {infrawatch.AgentDiagEvent} message AgentDiagEvent
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AgentDiagEvent.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.module = "";
                object.eventType = "";
                object.reason = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.tsNs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.tsNs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.module != null && $Object.hasOwnProperty.call(message, "module"))
                object.module = message.module;
            if (message.eventType != null && $Object.hasOwnProperty.call(message, "eventType"))
                object.eventType = message.eventType;
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                object.reason = message.reason;
            if (message.tsNs != null && $Object.hasOwnProperty.call(message, "tsNs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.tsNs = typeof message.tsNs === "number" ? $BigInt(message.tsNs) : $util.Long.fromBits(message.tsNs.low >>> 0, message.tsNs.high >>> 0, true).toBigInt();
                else if (typeof message.tsNs === "number")
                    object.tsNs = options.longs === $String ? $String(message.tsNs) : message.tsNs;
                else
                    object.tsNs = options.longs === $String ? $util.Long.prototype.toString.call(message.tsNs) : options.longs === $Number ? new $util.LongBits(message.tsNs.low >>> 0, message.tsNs.high >>> 0).toNumber(true) : message.tsNs;
            return object;
        };

        /**
         * Converts this AgentDiagEvent to JSON.
         * @function toJSON
         * @memberof infrawatch.AgentDiagEvent
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AgentDiagEvent.prototype.toJSON = function() {
            return AgentDiagEvent.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for AgentDiagEvent
         * @function getTypeUrl
         * @memberof infrawatch.AgentDiagEvent
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AgentDiagEvent.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.AgentDiagEvent";
        };

        return AgentDiagEvent;
    })();

    infrawatch.SketchEnvelope = (function() {

        /**
         * Properties of a SketchEnvelope.
         * @typedef {Object} infrawatch.SketchEnvelope.$Properties
         * @property {string|null} [metricName] SketchEnvelope metricName
         * @property {number|null} [gamma] SketchEnvelope gamma
         * @property {string|null} [sketchVersion] SketchEnvelope sketchVersion
         * @property {infrawatch.DDSketch.$Properties|null} [histogram] SketchEnvelope histogram
         * @property {string|null} [entityGuid] SketchEnvelope entityGuid
         * @property {string|null} [displayName] SketchEnvelope displayName
         * @property {number|Long|null} [windowStartMs] SketchEnvelope windowStartMs
         * @property {number|Long|null} [windowEndMs] SketchEnvelope windowEndMs
         * @property {number|null} [count] SketchEnvelope count
         * @property {number|null} [sum] SketchEnvelope sum
         * @property {number|null} [min] SketchEnvelope min
         * @property {number|null} [max] SketchEnvelope max
         * @property {number|null} [scale] SketchEnvelope scale
         * @property {number|Long|null} [refused] SketchEnvelope refused
         * @property {number|null} [collapsed] SketchEnvelope collapsed
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SketchEnvelope.
         * @memberof infrawatch
         * @interface ISketchEnvelope
         * @augments infrawatch.SketchEnvelope.$Properties
         * @deprecated Use infrawatch.SketchEnvelope.$Properties instead.
         */

        /**
         * Shape of a SketchEnvelope.
         * @typedef {infrawatch.SketchEnvelope.$Properties} infrawatch.SketchEnvelope.$Shape
         */

        /**
         * Constructs a new SketchEnvelope.
         * @memberof infrawatch
         * @classdesc Represents a SketchEnvelope.
         * @constructor
         * @param {infrawatch.SketchEnvelope.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SketchEnvelope = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SketchEnvelope metricName.
         * @member {string} metricName
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.metricName = "";

        /**
         * SketchEnvelope gamma.
         * @member {number} gamma
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.gamma = 0;

        /**
         * SketchEnvelope sketchVersion.
         * @member {string} sketchVersion
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.sketchVersion = "";

        /**
         * SketchEnvelope histogram.
         * @member {infrawatch.DDSketch.$Properties|null|undefined} histogram
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.histogram = null;

        /**
         * SketchEnvelope entityGuid.
         * @member {string} entityGuid
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.entityGuid = "";

        /**
         * SketchEnvelope displayName.
         * @member {string} displayName
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.displayName = "";

        /**
         * SketchEnvelope windowStartMs.
         * @member {number|Long} windowStartMs
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.windowStartMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * SketchEnvelope windowEndMs.
         * @member {number|Long} windowEndMs
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.windowEndMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * SketchEnvelope count.
         * @member {number} count
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.count = 0;

        /**
         * SketchEnvelope sum.
         * @member {number} sum
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.sum = 0;

        /**
         * SketchEnvelope min.
         * @member {number} min
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.min = 0;

        /**
         * SketchEnvelope max.
         * @member {number} max
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.max = 0;

        /**
         * SketchEnvelope scale.
         * @member {number} scale
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.scale = 0;

        /**
         * SketchEnvelope refused.
         * @member {number|Long} refused
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.refused = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * SketchEnvelope collapsed.
         * @member {number} collapsed
         * @memberof infrawatch.SketchEnvelope
         * @instance
         */
        SketchEnvelope.prototype.collapsed = 0;

        /**
         * Creates a new SketchEnvelope instance using the specified properties.
         * @function create
         * @memberof infrawatch.SketchEnvelope
         * @static
         * @param {infrawatch.SketchEnvelope.$Properties=} [properties] Properties to set
         * @returns {infrawatch.SketchEnvelope} SketchEnvelope instance
         * @type {{
         *   (properties: infrawatch.SketchEnvelope.$Shape): infrawatch.SketchEnvelope & infrawatch.SketchEnvelope.$Shape;
         *   (properties?: infrawatch.SketchEnvelope.$Properties): infrawatch.SketchEnvelope;
         * }}
         */
        SketchEnvelope.create = function(properties) {
            return new SketchEnvelope(properties);
        };

        /**
         * Encodes the specified SketchEnvelope message. Does not implicitly {@link infrawatch.SketchEnvelope.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.SketchEnvelope
         * @static
         * @param {infrawatch.SketchEnvelope.$Properties} message SketchEnvelope message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SketchEnvelope.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.metricName != null && $Object.hasOwnProperty.call(message, "metricName") && message.metricName !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.metricName);
            if (message.gamma != null && $Object.hasOwnProperty.call(message, "gamma") && !$Object.is(message.gamma, 0))
                writer.uint32(/* id 2, wireType 1 =*/17).double(message.gamma);
            if (message.sketchVersion != null && $Object.hasOwnProperty.call(message, "sketchVersion") && message.sketchVersion !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.sketchVersion);
            if (message.histogram != null && $Object.hasOwnProperty.call(message, "histogram"))
                $root.infrawatch.DDSketch.encode(message.histogram, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.entityGuid != null && $Object.hasOwnProperty.call(message, "entityGuid") && message.entityGuid !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.entityGuid);
            if (message.displayName != null && $Object.hasOwnProperty.call(message, "displayName") && message.displayName !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.displayName);
            if (message.windowStartMs != null && $Object.hasOwnProperty.call(message, "windowStartMs") && (typeof message.windowStartMs === "object" ? message.windowStartMs.low || message.windowStartMs.high : message.windowStartMs !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.windowStartMs);
            if (message.windowEndMs != null && $Object.hasOwnProperty.call(message, "windowEndMs") && (typeof message.windowEndMs === "object" ? message.windowEndMs.low || message.windowEndMs.high : message.windowEndMs !== 0))
                writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.windowEndMs);
            if (message.count != null && $Object.hasOwnProperty.call(message, "count") && !$Object.is(message.count, 0))
                writer.uint32(/* id 9, wireType 1 =*/73).double(message.count);
            if (message.sum != null && $Object.hasOwnProperty.call(message, "sum") && !$Object.is(message.sum, 0))
                writer.uint32(/* id 10, wireType 1 =*/81).double(message.sum);
            if (message.min != null && $Object.hasOwnProperty.call(message, "min") && !$Object.is(message.min, 0))
                writer.uint32(/* id 11, wireType 1 =*/89).double(message.min);
            if (message.max != null && $Object.hasOwnProperty.call(message, "max") && !$Object.is(message.max, 0))
                writer.uint32(/* id 12, wireType 1 =*/97).double(message.max);
            if (message.scale != null && $Object.hasOwnProperty.call(message, "scale") && message.scale !== 0)
                writer.uint32(/* id 13, wireType 0 =*/104).sint32(message.scale);
            if (message.refused != null && $Object.hasOwnProperty.call(message, "refused") && (typeof message.refused === "object" ? message.refused.low || message.refused.high : message.refused !== 0))
                writer.uint32(/* id 14, wireType 0 =*/112).uint64(message.refused);
            if (message.collapsed != null && $Object.hasOwnProperty.call(message, "collapsed") && !$Object.is(message.collapsed, 0))
                writer.uint32(/* id 15, wireType 1 =*/121).double(message.collapsed);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified SketchEnvelope message, length delimited. Does not implicitly {@link infrawatch.SketchEnvelope.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.SketchEnvelope
         * @static
         * @param {infrawatch.SketchEnvelope.$Properties} message SketchEnvelope message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SketchEnvelope.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a SketchEnvelope message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.SketchEnvelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.SketchEnvelope & infrawatch.SketchEnvelope.$Shape} SketchEnvelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SketchEnvelope.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.SketchEnvelope();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.metricName = value;
                        else
                            delete message.metricName;
                        continue;
                    }
                case 2: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.gamma = value;
                        else
                            delete message.gamma;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sketchVersion = value;
                        else
                            delete message.sketchVersion;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.histogram = $root.infrawatch.DDSketch.decode(reader, reader.size(), $undefined, _depth + 1, message.histogram);
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.entityGuid = value;
                        else
                            delete message.entityGuid;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.displayName = value;
                        else
                            delete message.displayName;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.windowStartMs = value;
                        else
                            delete message.windowStartMs;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.windowEndMs = value;
                        else
                            delete message.windowEndMs;
                        continue;
                    }
                case 9: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.count = value;
                        else
                            delete message.count;
                        continue;
                    }
                case 10: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.sum = value;
                        else
                            delete message.sum;
                        continue;
                    }
                case 11: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.min = value;
                        else
                            delete message.min;
                        continue;
                    }
                case 12: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.max = value;
                        else
                            delete message.max;
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.sint32())
                            message.scale = value;
                        else
                            delete message.scale;
                        continue;
                    }
                case 14: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.refused = value;
                        else
                            delete message.refused;
                        continue;
                    }
                case 15: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.collapsed = value;
                        else
                            delete message.collapsed;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a SketchEnvelope message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.SketchEnvelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.SketchEnvelope & infrawatch.SketchEnvelope.$Shape} SketchEnvelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SketchEnvelope.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a SketchEnvelope message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.SketchEnvelope
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.SketchEnvelope} SketchEnvelope
         */
        SketchEnvelope.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.SketchEnvelope)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.SketchEnvelope: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.SketchEnvelope();
            if (object.metricName != null)
                if (typeof object.metricName !== "string" || object.metricName.length)
                    message.metricName = $String(object.metricName);
            if (object.gamma != null)
                if (!$Object.is($Number(object.gamma), 0))
                    message.gamma = $Number(object.gamma);
            if (object.sketchVersion != null)
                if (typeof object.sketchVersion !== "string" || object.sketchVersion.length)
                    message.sketchVersion = $String(object.sketchVersion);
            if (object.histogram != null) {
                if (!$util.isObject(object.histogram))
                    throw $TypeError(".infrawatch.SketchEnvelope.histogram: object expected");
                message.histogram = $root.infrawatch.DDSketch.fromObject(object.histogram, _depth + 1);
            }
            if (object.entityGuid != null)
                if (typeof object.entityGuid !== "string" || object.entityGuid.length)
                    message.entityGuid = $String(object.entityGuid);
            if (object.displayName != null)
                if (typeof object.displayName !== "string" || object.displayName.length)
                    message.displayName = $String(object.displayName);
            if (object.windowStartMs != null)
                if (typeof object.windowStartMs === "object" ? object.windowStartMs.low || object.windowStartMs.high : $Number(object.windowStartMs) !== 0)
                    if ($util.Long)
                        message.windowStartMs = $util.Long.fromValue(object.windowStartMs, true);
                    else if (typeof object.windowStartMs === "string")
                        message.windowStartMs = $parseInt(object.windowStartMs, 10);
                    else if (typeof object.windowStartMs === "number")
                        message.windowStartMs = object.windowStartMs;
                    else if (typeof object.windowStartMs === "object")
                        message.windowStartMs = new $util.LongBits(object.windowStartMs.low >>> 0, object.windowStartMs.high >>> 0).toNumber(true);
            if (object.windowEndMs != null)
                if (typeof object.windowEndMs === "object" ? object.windowEndMs.low || object.windowEndMs.high : $Number(object.windowEndMs) !== 0)
                    if ($util.Long)
                        message.windowEndMs = $util.Long.fromValue(object.windowEndMs, true);
                    else if (typeof object.windowEndMs === "string")
                        message.windowEndMs = $parseInt(object.windowEndMs, 10);
                    else if (typeof object.windowEndMs === "number")
                        message.windowEndMs = object.windowEndMs;
                    else if (typeof object.windowEndMs === "object")
                        message.windowEndMs = new $util.LongBits(object.windowEndMs.low >>> 0, object.windowEndMs.high >>> 0).toNumber(true);
            if (object.count != null)
                if (!$Object.is($Number(object.count), 0))
                    message.count = $Number(object.count);
            if (object.sum != null)
                if (!$Object.is($Number(object.sum), 0))
                    message.sum = $Number(object.sum);
            if (object.min != null)
                if (!$Object.is($Number(object.min), 0))
                    message.min = $Number(object.min);
            if (object.max != null)
                if (!$Object.is($Number(object.max), 0))
                    message.max = $Number(object.max);
            if (object.scale != null)
                if ($Number(object.scale) !== 0)
                    message.scale = object.scale | 0;
            if (object.refused != null)
                if (typeof object.refused === "object" ? object.refused.low || object.refused.high : $Number(object.refused) !== 0)
                    if ($util.Long)
                        message.refused = $util.Long.fromValue(object.refused, true);
                    else if (typeof object.refused === "string")
                        message.refused = $parseInt(object.refused, 10);
                    else if (typeof object.refused === "number")
                        message.refused = object.refused;
                    else if (typeof object.refused === "object")
                        message.refused = new $util.LongBits(object.refused.low >>> 0, object.refused.high >>> 0).toNumber(true);
            if (object.collapsed != null)
                if (!$Object.is($Number(object.collapsed), 0))
                    message.collapsed = $Number(object.collapsed);
            return message;
        };

        /**
         * Creates a plain object from a SketchEnvelope message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.SketchEnvelope
         * @static
         * @param {infrawatch.SketchEnvelope} message SketchEnvelope
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        SketchEnvelope.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.metricName = "";
                object.gamma = 0;
                object.sketchVersion = "";
                object.histogram = null;
                object.entityGuid = "";
                object.displayName = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.windowStartMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.windowStartMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.windowEndMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.windowEndMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.count = 0;
                object.sum = 0;
                object.min = 0;
                object.max = 0;
                object.scale = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.refused = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.refused = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.collapsed = 0;
            }
            if (message.metricName != null && $Object.hasOwnProperty.call(message, "metricName"))
                object.metricName = message.metricName;
            if (message.gamma != null && $Object.hasOwnProperty.call(message, "gamma"))
                object.gamma = options.json && !$isFinite(message.gamma) ? $String(message.gamma) : message.gamma;
            if (message.sketchVersion != null && $Object.hasOwnProperty.call(message, "sketchVersion"))
                object.sketchVersion = message.sketchVersion;
            if (message.histogram != null && $Object.hasOwnProperty.call(message, "histogram"))
                object.histogram = $root.infrawatch.DDSketch.toObject(message.histogram, options, _depth + 1);
            if (message.entityGuid != null && $Object.hasOwnProperty.call(message, "entityGuid"))
                object.entityGuid = message.entityGuid;
            if (message.displayName != null && $Object.hasOwnProperty.call(message, "displayName"))
                object.displayName = message.displayName;
            if (message.windowStartMs != null && $Object.hasOwnProperty.call(message, "windowStartMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.windowStartMs = typeof message.windowStartMs === "number" ? $BigInt(message.windowStartMs) : $util.Long.fromBits(message.windowStartMs.low >>> 0, message.windowStartMs.high >>> 0, true).toBigInt();
                else if (typeof message.windowStartMs === "number")
                    object.windowStartMs = options.longs === $String ? $String(message.windowStartMs) : message.windowStartMs;
                else
                    object.windowStartMs = options.longs === $String ? $util.Long.prototype.toString.call(message.windowStartMs) : options.longs === $Number ? new $util.LongBits(message.windowStartMs.low >>> 0, message.windowStartMs.high >>> 0).toNumber(true) : message.windowStartMs;
            if (message.windowEndMs != null && $Object.hasOwnProperty.call(message, "windowEndMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.windowEndMs = typeof message.windowEndMs === "number" ? $BigInt(message.windowEndMs) : $util.Long.fromBits(message.windowEndMs.low >>> 0, message.windowEndMs.high >>> 0, true).toBigInt();
                else if (typeof message.windowEndMs === "number")
                    object.windowEndMs = options.longs === $String ? $String(message.windowEndMs) : message.windowEndMs;
                else
                    object.windowEndMs = options.longs === $String ? $util.Long.prototype.toString.call(message.windowEndMs) : options.longs === $Number ? new $util.LongBits(message.windowEndMs.low >>> 0, message.windowEndMs.high >>> 0).toNumber(true) : message.windowEndMs;
            if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                object.count = options.json && !$isFinite(message.count) ? $String(message.count) : message.count;
            if (message.sum != null && $Object.hasOwnProperty.call(message, "sum"))
                object.sum = options.json && !$isFinite(message.sum) ? $String(message.sum) : message.sum;
            if (message.min != null && $Object.hasOwnProperty.call(message, "min"))
                object.min = options.json && !$isFinite(message.min) ? $String(message.min) : message.min;
            if (message.max != null && $Object.hasOwnProperty.call(message, "max"))
                object.max = options.json && !$isFinite(message.max) ? $String(message.max) : message.max;
            if (message.scale != null && $Object.hasOwnProperty.call(message, "scale"))
                object.scale = message.scale;
            if (message.refused != null && $Object.hasOwnProperty.call(message, "refused"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.refused = typeof message.refused === "number" ? $BigInt(message.refused) : $util.Long.fromBits(message.refused.low >>> 0, message.refused.high >>> 0, true).toBigInt();
                else if (typeof message.refused === "number")
                    object.refused = options.longs === $String ? $String(message.refused) : message.refused;
                else
                    object.refused = options.longs === $String ? $util.Long.prototype.toString.call(message.refused) : options.longs === $Number ? new $util.LongBits(message.refused.low >>> 0, message.refused.high >>> 0).toNumber(true) : message.refused;
            if (message.collapsed != null && $Object.hasOwnProperty.call(message, "collapsed"))
                object.collapsed = options.json && !$isFinite(message.collapsed) ? $String(message.collapsed) : message.collapsed;
            return object;
        };

        /**
         * Converts this SketchEnvelope to JSON.
         * @function toJSON
         * @memberof infrawatch.SketchEnvelope
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        SketchEnvelope.prototype.toJSON = function() {
            return SketchEnvelope.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for SketchEnvelope
         * @function getTypeUrl
         * @memberof infrawatch.SketchEnvelope
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        SketchEnvelope.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.SketchEnvelope";
        };

        return SketchEnvelope;
    })();

    infrawatch.DDSketch = (function() {

        /**
         * Properties of a DDSketch.
         * @typedef {Object} infrawatch.DDSketch.$Properties
         * @property {infrawatch.IndexMapping.$Properties|null} [mapping] DDSketch mapping
         * @property {infrawatch.Store.$Properties|null} [positiveValues] DDSketch positiveValues
         * @property {infrawatch.Store.$Properties|null} [negativeValues] DDSketch negativeValues
         * @property {number|null} [zeroCount] DDSketch zeroCount
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DDSketch.
         * @memberof infrawatch
         * @interface IDDSketch
         * @augments infrawatch.DDSketch.$Properties
         * @deprecated Use infrawatch.DDSketch.$Properties instead.
         */

        /**
         * Shape of a DDSketch.
         * @typedef {infrawatch.DDSketch.$Properties} infrawatch.DDSketch.$Shape
         */

        /**
         * Constructs a new DDSketch.
         * @memberof infrawatch
         * @classdesc Represents a DDSketch.
         * @constructor
         * @param {infrawatch.DDSketch.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DDSketch = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DDSketch mapping.
         * @member {infrawatch.IndexMapping.$Properties|null|undefined} mapping
         * @memberof infrawatch.DDSketch
         * @instance
         */
        DDSketch.prototype.mapping = null;

        /**
         * DDSketch positiveValues.
         * @member {infrawatch.Store.$Properties|null|undefined} positiveValues
         * @memberof infrawatch.DDSketch
         * @instance
         */
        DDSketch.prototype.positiveValues = null;

        /**
         * DDSketch negativeValues.
         * @member {infrawatch.Store.$Properties|null|undefined} negativeValues
         * @memberof infrawatch.DDSketch
         * @instance
         */
        DDSketch.prototype.negativeValues = null;

        /**
         * DDSketch zeroCount.
         * @member {number} zeroCount
         * @memberof infrawatch.DDSketch
         * @instance
         */
        DDSketch.prototype.zeroCount = 0;

        /**
         * Creates a new DDSketch instance using the specified properties.
         * @function create
         * @memberof infrawatch.DDSketch
         * @static
         * @param {infrawatch.DDSketch.$Properties=} [properties] Properties to set
         * @returns {infrawatch.DDSketch} DDSketch instance
         * @type {{
         *   (properties: infrawatch.DDSketch.$Shape): infrawatch.DDSketch & infrawatch.DDSketch.$Shape;
         *   (properties?: infrawatch.DDSketch.$Properties): infrawatch.DDSketch;
         * }}
         */
        DDSketch.create = function(properties) {
            return new DDSketch(properties);
        };

        /**
         * Encodes the specified DDSketch message. Does not implicitly {@link infrawatch.DDSketch.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.DDSketch
         * @static
         * @param {infrawatch.DDSketch.$Properties} message DDSketch message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DDSketch.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.mapping != null && $Object.hasOwnProperty.call(message, "mapping"))
                $root.infrawatch.IndexMapping.encode(message.mapping, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.positiveValues != null && $Object.hasOwnProperty.call(message, "positiveValues"))
                $root.infrawatch.Store.encode(message.positiveValues, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.negativeValues != null && $Object.hasOwnProperty.call(message, "negativeValues"))
                $root.infrawatch.Store.encode(message.negativeValues, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.zeroCount != null && $Object.hasOwnProperty.call(message, "zeroCount") && !$Object.is(message.zeroCount, 0))
                writer.uint32(/* id 4, wireType 1 =*/33).double(message.zeroCount);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified DDSketch message, length delimited. Does not implicitly {@link infrawatch.DDSketch.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.DDSketch
         * @static
         * @param {infrawatch.DDSketch.$Properties} message DDSketch message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DDSketch.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a DDSketch message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.DDSketch
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.DDSketch & infrawatch.DDSketch.$Shape} DDSketch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DDSketch.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.DDSketch();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.mapping = $root.infrawatch.IndexMapping.decode(reader, reader.size(), $undefined, _depth + 1, message.mapping);
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.positiveValues = $root.infrawatch.Store.decode(reader, reader.size(), $undefined, _depth + 1, message.positiveValues);
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.negativeValues = $root.infrawatch.Store.decode(reader, reader.size(), $undefined, _depth + 1, message.negativeValues);
                        continue;
                    }
                case 4: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.zeroCount = value;
                        else
                            delete message.zeroCount;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a DDSketch message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.DDSketch
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.DDSketch & infrawatch.DDSketch.$Shape} DDSketch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DDSketch.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a DDSketch message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.DDSketch
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.DDSketch} DDSketch
         */
        DDSketch.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.DDSketch)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.DDSketch: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.DDSketch();
            if (object.mapping != null) {
                if (!$util.isObject(object.mapping))
                    throw $TypeError(".infrawatch.DDSketch.mapping: object expected");
                message.mapping = $root.infrawatch.IndexMapping.fromObject(object.mapping, _depth + 1);
            }
            if (object.positiveValues != null) {
                if (!$util.isObject(object.positiveValues))
                    throw $TypeError(".infrawatch.DDSketch.positiveValues: object expected");
                message.positiveValues = $root.infrawatch.Store.fromObject(object.positiveValues, _depth + 1);
            }
            if (object.negativeValues != null) {
                if (!$util.isObject(object.negativeValues))
                    throw $TypeError(".infrawatch.DDSketch.negativeValues: object expected");
                message.negativeValues = $root.infrawatch.Store.fromObject(object.negativeValues, _depth + 1);
            }
            if (object.zeroCount != null)
                if (!$Object.is($Number(object.zeroCount), 0))
                    message.zeroCount = $Number(object.zeroCount);
            return message;
        };

        /**
         * Creates a plain object from a DDSketch message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.DDSketch
         * @static
         * @param {infrawatch.DDSketch} message DDSketch
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        DDSketch.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.mapping = null;
                object.positiveValues = null;
                object.negativeValues = null;
                object.zeroCount = 0;
            }
            if (message.mapping != null && $Object.hasOwnProperty.call(message, "mapping"))
                object.mapping = $root.infrawatch.IndexMapping.toObject(message.mapping, options, _depth + 1);
            if (message.positiveValues != null && $Object.hasOwnProperty.call(message, "positiveValues"))
                object.positiveValues = $root.infrawatch.Store.toObject(message.positiveValues, options, _depth + 1);
            if (message.negativeValues != null && $Object.hasOwnProperty.call(message, "negativeValues"))
                object.negativeValues = $root.infrawatch.Store.toObject(message.negativeValues, options, _depth + 1);
            if (message.zeroCount != null && $Object.hasOwnProperty.call(message, "zeroCount"))
                object.zeroCount = options.json && !$isFinite(message.zeroCount) ? $String(message.zeroCount) : message.zeroCount;
            return object;
        };

        /**
         * Converts this DDSketch to JSON.
         * @function toJSON
         * @memberof infrawatch.DDSketch
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        DDSketch.prototype.toJSON = function() {
            return DDSketch.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for DDSketch
         * @function getTypeUrl
         * @memberof infrawatch.DDSketch
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        DDSketch.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.DDSketch";
        };

        return DDSketch;
    })();

    infrawatch.IndexMapping = (function() {

        /**
         * Properties of an IndexMapping.
         * @typedef {Object} infrawatch.IndexMapping.$Properties
         * @property {number|null} [gamma] IndexMapping gamma
         * @property {number|null} [indexOffset] IndexMapping indexOffset
         * @property {infrawatch.IndexMapping.Interpolation|null} [interpolation] IndexMapping interpolation
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an IndexMapping.
         * @memberof infrawatch
         * @interface IIndexMapping
         * @augments infrawatch.IndexMapping.$Properties
         * @deprecated Use infrawatch.IndexMapping.$Properties instead.
         */

        /**
         * Shape of an IndexMapping.
         * @typedef {infrawatch.IndexMapping.$Properties} infrawatch.IndexMapping.$Shape
         */

        /**
         * Constructs a new IndexMapping.
         * @memberof infrawatch
         * @classdesc Represents an IndexMapping.
         * @constructor
         * @param {infrawatch.IndexMapping.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const IndexMapping = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * IndexMapping gamma.
         * @member {number} gamma
         * @memberof infrawatch.IndexMapping
         * @instance
         */
        IndexMapping.prototype.gamma = 0;

        /**
         * IndexMapping indexOffset.
         * @member {number} indexOffset
         * @memberof infrawatch.IndexMapping
         * @instance
         */
        IndexMapping.prototype.indexOffset = 0;

        /**
         * IndexMapping interpolation.
         * @member {infrawatch.IndexMapping.Interpolation} interpolation
         * @memberof infrawatch.IndexMapping
         * @instance
         */
        IndexMapping.prototype.interpolation = 0;

        /**
         * Creates a new IndexMapping instance using the specified properties.
         * @function create
         * @memberof infrawatch.IndexMapping
         * @static
         * @param {infrawatch.IndexMapping.$Properties=} [properties] Properties to set
         * @returns {infrawatch.IndexMapping} IndexMapping instance
         * @type {{
         *   (properties: infrawatch.IndexMapping.$Shape): infrawatch.IndexMapping & infrawatch.IndexMapping.$Shape;
         *   (properties?: infrawatch.IndexMapping.$Properties): infrawatch.IndexMapping;
         * }}
         */
        IndexMapping.create = function(properties) {
            return new IndexMapping(properties);
        };

        /**
         * Encodes the specified IndexMapping message. Does not implicitly {@link infrawatch.IndexMapping.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.IndexMapping
         * @static
         * @param {infrawatch.IndexMapping.$Properties} message IndexMapping message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        IndexMapping.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.gamma != null && $Object.hasOwnProperty.call(message, "gamma") && !$Object.is(message.gamma, 0))
                writer.uint32(/* id 1, wireType 1 =*/9).double(message.gamma);
            if (message.indexOffset != null && $Object.hasOwnProperty.call(message, "indexOffset") && !$Object.is(message.indexOffset, 0))
                writer.uint32(/* id 2, wireType 1 =*/17).double(message.indexOffset);
            if (message.interpolation != null && $Object.hasOwnProperty.call(message, "interpolation") && message.interpolation !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.interpolation);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified IndexMapping message, length delimited. Does not implicitly {@link infrawatch.IndexMapping.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.IndexMapping
         * @static
         * @param {infrawatch.IndexMapping.$Properties} message IndexMapping message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        IndexMapping.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes an IndexMapping message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.IndexMapping
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.IndexMapping & infrawatch.IndexMapping.$Shape} IndexMapping
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        IndexMapping.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.IndexMapping();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.gamma = value;
                        else
                            delete message.gamma;
                        continue;
                    }
                case 2: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.indexOffset = value;
                        else
                            delete message.indexOffset;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.interpolation = value;
                        else
                            delete message.interpolation;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes an IndexMapping message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.IndexMapping
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.IndexMapping & infrawatch.IndexMapping.$Shape} IndexMapping
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        IndexMapping.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates an IndexMapping message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.IndexMapping
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.IndexMapping} IndexMapping
         */
        IndexMapping.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.IndexMapping)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.IndexMapping: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.IndexMapping();
            if (object.gamma != null)
                if (!$Object.is($Number(object.gamma), 0))
                    message.gamma = $Number(object.gamma);
            if (object.indexOffset != null)
                if (!$Object.is($Number(object.indexOffset), 0))
                    message.indexOffset = $Number(object.indexOffset);
            if (object.interpolation !== 0 && (typeof object.interpolation !== "string" || $root.infrawatch.IndexMapping.Interpolation[object.interpolation] !== 0))
                switch (object.interpolation) {
                case "NONE":
                case 0:
                    message.interpolation = 0;
                    break;
                case "LINEAR":
                case 1:
                    message.interpolation = 1;
                    break;
                case "QUADRATIC":
                case 2:
                    message.interpolation = 2;
                    break;
                case "CUBIC":
                case 3:
                    message.interpolation = 3;
                    break;
                default:
                    if (typeof object.interpolation === "number" && (object.interpolation | 0) === object.interpolation)
                        message.interpolation = object.interpolation;
                }
            return message;
        };

        /**
         * Creates a plain object from an IndexMapping message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.IndexMapping
         * @static
         * @param {infrawatch.IndexMapping} message IndexMapping
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        IndexMapping.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.gamma = 0;
                object.indexOffset = 0;
                object.interpolation = options.enums === $String ? "NONE" : 0;
            }
            if (message.gamma != null && $Object.hasOwnProperty.call(message, "gamma"))
                object.gamma = options.json && !$isFinite(message.gamma) ? $String(message.gamma) : message.gamma;
            if (message.indexOffset != null && $Object.hasOwnProperty.call(message, "indexOffset"))
                object.indexOffset = options.json && !$isFinite(message.indexOffset) ? $String(message.indexOffset) : message.indexOffset;
            if (message.interpolation != null && $Object.hasOwnProperty.call(message, "interpolation"))
                object.interpolation = options.enums === $String ? $root.infrawatch.IndexMapping.Interpolation[message.interpolation] === $undefined ? message.interpolation : $root.infrawatch.IndexMapping.Interpolation[message.interpolation] : message.interpolation;
            return object;
        };

        /**
         * Converts this IndexMapping to JSON.
         * @function toJSON
         * @memberof infrawatch.IndexMapping
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        IndexMapping.prototype.toJSON = function() {
            return IndexMapping.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for IndexMapping
         * @function getTypeUrl
         * @memberof infrawatch.IndexMapping
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        IndexMapping.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.IndexMapping";
        };

        /**
         * Interpolation enum.
         * @name infrawatch.IndexMapping.Interpolation
         * @enum {number}
         * @property {number} NONE=0 NONE value
         * @property {number} LINEAR=1 LINEAR value
         * @property {number} QUADRATIC=2 QUADRATIC value
         * @property {number} CUBIC=3 CUBIC value
         */
        IndexMapping.Interpolation = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "NONE"] = 0;
            values[valuesById[1] = "LINEAR"] = 1;
            values[valuesById[2] = "QUADRATIC"] = 2;
            values[valuesById[3] = "CUBIC"] = 3;
            return values;
        })();

        return IndexMapping;
    })();

    infrawatch.Store = (function() {

        /**
         * Properties of a Store.
         * @typedef {Object} infrawatch.Store.$Properties
         * @property {Object.<string,number>|null} [binCounts] Store binCounts
         * @property {Array.<number>|null} [contiguousBinCounts] Store contiguousBinCounts
         * @property {number|null} [contiguousBinIndexOffset] Store contiguousBinIndexOffset
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Store.
         * @memberof infrawatch
         * @interface IStore
         * @augments infrawatch.Store.$Properties
         * @deprecated Use infrawatch.Store.$Properties instead.
         */

        /**
         * Shape of a Store.
         * @typedef {infrawatch.Store.$Properties} infrawatch.Store.$Shape
         */

        /**
         * Constructs a new Store.
         * @memberof infrawatch
         * @classdesc Represents a Store.
         * @constructor
         * @param {infrawatch.Store.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Store = function (properties) {
            this.binCounts = {};
            this.contiguousBinCounts = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Store binCounts.
         * @member {Object.<string,number>} binCounts
         * @memberof infrawatch.Store
         * @instance
         */
        Store.prototype.binCounts = $util.emptyObject;

        /**
         * Store contiguousBinCounts.
         * @member {Array.<number>} contiguousBinCounts
         * @memberof infrawatch.Store
         * @instance
         */
        Store.prototype.contiguousBinCounts = $util.emptyArray;

        /**
         * Store contiguousBinIndexOffset.
         * @member {number} contiguousBinIndexOffset
         * @memberof infrawatch.Store
         * @instance
         */
        Store.prototype.contiguousBinIndexOffset = 0;

        /**
         * Creates a new Store instance using the specified properties.
         * @function create
         * @memberof infrawatch.Store
         * @static
         * @param {infrawatch.Store.$Properties=} [properties] Properties to set
         * @returns {infrawatch.Store} Store instance
         * @type {{
         *   (properties: infrawatch.Store.$Shape): infrawatch.Store & infrawatch.Store.$Shape;
         *   (properties?: infrawatch.Store.$Properties): infrawatch.Store;
         * }}
         */
        Store.create = function(properties) {
            return new Store(properties);
        };

        /**
         * Encodes the specified Store message. Does not implicitly {@link infrawatch.Store.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.Store
         * @static
         * @param {infrawatch.Store.$Properties} message Store message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Store.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.binCounts != null && $Object.hasOwnProperty.call(message, "binCounts"))
                for (let keys = $Object.keys(message.binCounts), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 1, wireType 2 =*/10).fork().uint32(/* id 1, wireType 0 =*/8).sint32(keys[i]).uint32(/* id 2, wireType 1 =*/17).double(message.binCounts[keys[i]]).ldelim();
            if (message.contiguousBinCounts != null && message.contiguousBinCounts.length)
                writer.uint32(/* id 2, wireType 2 =*/18).doubles(message.contiguousBinCounts);
            if (message.contiguousBinIndexOffset != null && $Object.hasOwnProperty.call(message, "contiguousBinIndexOffset") && message.contiguousBinIndexOffset !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).sint32(message.contiguousBinIndexOffset);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified Store message, length delimited. Does not implicitly {@link infrawatch.Store.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.Store
         * @static
         * @param {infrawatch.Store.$Properties} message Store message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Store.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a Store message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.Store
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.Store & infrawatch.Store.$Shape} Store
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Store.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, key, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.Store();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (message.binCounts === $util.emptyObject)
                            message.binCounts = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = 0;
                        value = 0;
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 0)
                                    break;
                                key = reader.sint32();
                                continue;
                            case 2:
                                if (wireType !== 1)
                                    break;
                                value = reader.double();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        message.binCounts[key] = value;
                        continue;
                    }
                case 2: {
                        if (wireType === 2) {
                            if (!(message.contiguousBinCounts && message.contiguousBinCounts.length))
                                message.contiguousBinCounts = [];
                            reader.doubles(message.contiguousBinCounts);
                            continue;
                        }
                        if (wireType !== 1)
                            break;
                        if (!(message.contiguousBinCounts && message.contiguousBinCounts.length))
                            message.contiguousBinCounts = [];
                        message.contiguousBinCounts.push(reader.double());
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.sint32())
                            message.contiguousBinIndexOffset = value;
                        else
                            delete message.contiguousBinIndexOffset;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a Store message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.Store
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.Store & infrawatch.Store.$Shape} Store
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Store.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a Store message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.Store
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.Store} Store
         */
        Store.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.Store)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.Store: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.Store();
            if (object.binCounts) {
                if (!$util.isObject(object.binCounts))
                    throw $TypeError(".infrawatch.Store.binCounts: object expected");
                message.binCounts = {};
                for (let keys = $Object.keys(object.binCounts), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.binCounts, keys[i]);
                    message.binCounts[keys[i]] = $Number(object.binCounts[keys[i]]);
                }
            }
            if (object.contiguousBinCounts) {
                if (!$Array.isArray(object.contiguousBinCounts))
                    throw $TypeError(".infrawatch.Store.contiguousBinCounts: array expected");
                message.contiguousBinCounts = $Array(object.contiguousBinCounts.length);
                for (let i = 0; i < object.contiguousBinCounts.length; ++i)
                    message.contiguousBinCounts[i] = $Number(object.contiguousBinCounts[i]);
            }
            if (object.contiguousBinIndexOffset != null)
                if ($Number(object.contiguousBinIndexOffset) !== 0)
                    message.contiguousBinIndexOffset = object.contiguousBinIndexOffset | 0;
            return message;
        };

        /**
         * Creates a plain object from a Store message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.Store
         * @static
         * @param {infrawatch.Store} message Store
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Store.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.contiguousBinCounts = [];
            if (options.objects || options.defaults)
                object.binCounts = {};
            if (options.defaults)
                object.contiguousBinIndexOffset = 0;
            let keys2;
            if (message.binCounts && (keys2 = $Object.keys(message.binCounts)).length) {
                object.binCounts = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.binCounts, keys2[j]);
                    object.binCounts[keys2[j]] = options.json && !$isFinite(message.binCounts[keys2[j]]) ? $String(message.binCounts[keys2[j]]) : message.binCounts[keys2[j]];
                }
            }
            if (message.contiguousBinCounts && message.contiguousBinCounts.length) {
                object.contiguousBinCounts = $Array(message.contiguousBinCounts.length);
                for (let j = 0; j < message.contiguousBinCounts.length; ++j)
                    object.contiguousBinCounts[j] = options.json && !$isFinite(message.contiguousBinCounts[j]) ? $String(message.contiguousBinCounts[j]) : message.contiguousBinCounts[j];
            }
            if (message.contiguousBinIndexOffset != null && $Object.hasOwnProperty.call(message, "contiguousBinIndexOffset"))
                object.contiguousBinIndexOffset = message.contiguousBinIndexOffset;
            return object;
        };

        /**
         * Converts this Store to JSON.
         * @function toJSON
         * @memberof infrawatch.Store
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Store.prototype.toJSON = function() {
            return Store.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Store
         * @function getTypeUrl
         * @memberof infrawatch.Store
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Store.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.Store";
        };

        return Store;
    })();

    infrawatch.RecordingHeader = (function() {

        /**
         * Properties of a RecordingHeader.
         * @typedef {Object} infrawatch.RecordingHeader.$Properties
         * @property {string|null} [format] RecordingHeader format
         * @property {number|null} [clockTicksPerSecond] RecordingHeader clockTicksPerSecond
         * @property {number|null} [pageSizeBytes] RecordingHeader pageSizeBytes
         * @property {number|null} [hostCpus] RecordingHeader hostCpus
         * @property {number|null} [intervalMs] RecordingHeader intervalMs
         * @property {number|Long|null} [startedUnixMs] RecordingHeader startedUnixMs
         * @property {string|null} [hostName] RecordingHeader hostName
         * @property {string|null} [note] RecordingHeader note
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a RecordingHeader.
         * @memberof infrawatch
         * @interface IRecordingHeader
         * @augments infrawatch.RecordingHeader.$Properties
         * @deprecated Use infrawatch.RecordingHeader.$Properties instead.
         */

        /**
         * Shape of a RecordingHeader.
         * @typedef {infrawatch.RecordingHeader.$Properties} infrawatch.RecordingHeader.$Shape
         */

        /**
         * Constructs a new RecordingHeader.
         * @memberof infrawatch
         * @classdesc Represents a RecordingHeader.
         * @constructor
         * @param {infrawatch.RecordingHeader.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const RecordingHeader = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * RecordingHeader format.
         * @member {string} format
         * @memberof infrawatch.RecordingHeader
         * @instance
         */
        RecordingHeader.prototype.format = "";

        /**
         * RecordingHeader clockTicksPerSecond.
         * @member {number} clockTicksPerSecond
         * @memberof infrawatch.RecordingHeader
         * @instance
         */
        RecordingHeader.prototype.clockTicksPerSecond = 0;

        /**
         * RecordingHeader pageSizeBytes.
         * @member {number} pageSizeBytes
         * @memberof infrawatch.RecordingHeader
         * @instance
         */
        RecordingHeader.prototype.pageSizeBytes = 0;

        /**
         * RecordingHeader hostCpus.
         * @member {number} hostCpus
         * @memberof infrawatch.RecordingHeader
         * @instance
         */
        RecordingHeader.prototype.hostCpus = 0;

        /**
         * RecordingHeader intervalMs.
         * @member {number} intervalMs
         * @memberof infrawatch.RecordingHeader
         * @instance
         */
        RecordingHeader.prototype.intervalMs = 0;

        /**
         * RecordingHeader startedUnixMs.
         * @member {number|Long} startedUnixMs
         * @memberof infrawatch.RecordingHeader
         * @instance
         */
        RecordingHeader.prototype.startedUnixMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * RecordingHeader hostName.
         * @member {string} hostName
         * @memberof infrawatch.RecordingHeader
         * @instance
         */
        RecordingHeader.prototype.hostName = "";

        /**
         * RecordingHeader note.
         * @member {string} note
         * @memberof infrawatch.RecordingHeader
         * @instance
         */
        RecordingHeader.prototype.note = "";

        /**
         * Creates a new RecordingHeader instance using the specified properties.
         * @function create
         * @memberof infrawatch.RecordingHeader
         * @static
         * @param {infrawatch.RecordingHeader.$Properties=} [properties] Properties to set
         * @returns {infrawatch.RecordingHeader} RecordingHeader instance
         * @type {{
         *   (properties: infrawatch.RecordingHeader.$Shape): infrawatch.RecordingHeader & infrawatch.RecordingHeader.$Shape;
         *   (properties?: infrawatch.RecordingHeader.$Properties): infrawatch.RecordingHeader;
         * }}
         */
        RecordingHeader.create = function(properties) {
            return new RecordingHeader(properties);
        };

        /**
         * Encodes the specified RecordingHeader message. Does not implicitly {@link infrawatch.RecordingHeader.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.RecordingHeader
         * @static
         * @param {infrawatch.RecordingHeader.$Properties} message RecordingHeader message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RecordingHeader.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.format != null && $Object.hasOwnProperty.call(message, "format") && message.format !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.format);
            if (message.clockTicksPerSecond != null && $Object.hasOwnProperty.call(message, "clockTicksPerSecond") && message.clockTicksPerSecond !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.clockTicksPerSecond);
            if (message.pageSizeBytes != null && $Object.hasOwnProperty.call(message, "pageSizeBytes") && message.pageSizeBytes !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.pageSizeBytes);
            if (message.hostCpus != null && $Object.hasOwnProperty.call(message, "hostCpus") && message.hostCpus !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.hostCpus);
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs") && message.intervalMs !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.intervalMs);
            if (message.startedUnixMs != null && $Object.hasOwnProperty.call(message, "startedUnixMs") && (typeof message.startedUnixMs === "object" ? message.startedUnixMs.low || message.startedUnixMs.high : message.startedUnixMs !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).int64(message.startedUnixMs);
            if (message.hostName != null && $Object.hasOwnProperty.call(message, "hostName") && message.hostName !== "")
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.hostName);
            if (message.note != null && $Object.hasOwnProperty.call(message, "note") && message.note !== "")
                writer.uint32(/* id 8, wireType 2 =*/66).string(message.note);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified RecordingHeader message, length delimited. Does not implicitly {@link infrawatch.RecordingHeader.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.RecordingHeader
         * @static
         * @param {infrawatch.RecordingHeader.$Properties} message RecordingHeader message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RecordingHeader.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a RecordingHeader message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.RecordingHeader
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.RecordingHeader & infrawatch.RecordingHeader.$Shape} RecordingHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RecordingHeader.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.RecordingHeader();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.format = value;
                        else
                            delete message.format;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.clockTicksPerSecond = value;
                        else
                            delete message.clockTicksPerSecond;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.pageSizeBytes = value;
                        else
                            delete message.pageSizeBytes;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.hostCpus = value;
                        else
                            delete message.hostCpus;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.intervalMs = value;
                        else
                            delete message.intervalMs;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                            message.startedUnixMs = value;
                        else
                            delete message.startedUnixMs;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostName = value;
                        else
                            delete message.hostName;
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.note = value;
                        else
                            delete message.note;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a RecordingHeader message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.RecordingHeader
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.RecordingHeader & infrawatch.RecordingHeader.$Shape} RecordingHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RecordingHeader.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a RecordingHeader message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.RecordingHeader
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.RecordingHeader} RecordingHeader
         */
        RecordingHeader.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.RecordingHeader)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.RecordingHeader: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.RecordingHeader();
            if (object.format != null)
                if (typeof object.format !== "string" || object.format.length)
                    message.format = $String(object.format);
            if (object.clockTicksPerSecond != null)
                if ($Number(object.clockTicksPerSecond) !== 0)
                    message.clockTicksPerSecond = object.clockTicksPerSecond >>> 0;
            if (object.pageSizeBytes != null)
                if ($Number(object.pageSizeBytes) !== 0)
                    message.pageSizeBytes = object.pageSizeBytes >>> 0;
            if (object.hostCpus != null)
                if ($Number(object.hostCpus) !== 0)
                    message.hostCpus = object.hostCpus >>> 0;
            if (object.intervalMs != null)
                if ($Number(object.intervalMs) !== 0)
                    message.intervalMs = object.intervalMs >>> 0;
            if (object.startedUnixMs != null)
                if (typeof object.startedUnixMs === "object" ? object.startedUnixMs.low || object.startedUnixMs.high : $Number(object.startedUnixMs) !== 0)
                    if ($util.Long)
                        message.startedUnixMs = $util.Long.fromValue(object.startedUnixMs, false);
                    else if (typeof object.startedUnixMs === "string")
                        message.startedUnixMs = $parseInt(object.startedUnixMs, 10);
                    else if (typeof object.startedUnixMs === "number")
                        message.startedUnixMs = object.startedUnixMs;
                    else if (typeof object.startedUnixMs === "object")
                        message.startedUnixMs = new $util.LongBits(object.startedUnixMs.low >>> 0, object.startedUnixMs.high >>> 0).toNumber();
            if (object.hostName != null)
                if (typeof object.hostName !== "string" || object.hostName.length)
                    message.hostName = $String(object.hostName);
            if (object.note != null)
                if (typeof object.note !== "string" || object.note.length)
                    message.note = $String(object.note);
            return message;
        };

        /**
         * Creates a plain object from a RecordingHeader message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.RecordingHeader
         * @static
         * @param {infrawatch.RecordingHeader} message RecordingHeader
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        RecordingHeader.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.format = "";
                object.clockTicksPerSecond = 0;
                object.pageSizeBytes = 0;
                object.hostCpus = 0;
                object.intervalMs = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, false);
                    object.startedUnixMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.startedUnixMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.hostName = "";
                object.note = "";
            }
            if (message.format != null && $Object.hasOwnProperty.call(message, "format"))
                object.format = message.format;
            if (message.clockTicksPerSecond != null && $Object.hasOwnProperty.call(message, "clockTicksPerSecond"))
                object.clockTicksPerSecond = message.clockTicksPerSecond;
            if (message.pageSizeBytes != null && $Object.hasOwnProperty.call(message, "pageSizeBytes"))
                object.pageSizeBytes = message.pageSizeBytes;
            if (message.hostCpus != null && $Object.hasOwnProperty.call(message, "hostCpus"))
                object.hostCpus = message.hostCpus;
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs"))
                object.intervalMs = message.intervalMs;
            if (message.startedUnixMs != null && $Object.hasOwnProperty.call(message, "startedUnixMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.startedUnixMs = typeof message.startedUnixMs === "number" ? $BigInt(message.startedUnixMs) : $util.Long.fromBits(message.startedUnixMs.low >>> 0, message.startedUnixMs.high >>> 0, false).toBigInt();
                else if (typeof message.startedUnixMs === "number")
                    object.startedUnixMs = options.longs === $String ? $String(message.startedUnixMs) : message.startedUnixMs;
                else
                    object.startedUnixMs = options.longs === $String ? $util.Long.prototype.toString.call(message.startedUnixMs) : options.longs === $Number ? new $util.LongBits(message.startedUnixMs.low >>> 0, message.startedUnixMs.high >>> 0).toNumber() : message.startedUnixMs;
            if (message.hostName != null && $Object.hasOwnProperty.call(message, "hostName"))
                object.hostName = message.hostName;
            if (message.note != null && $Object.hasOwnProperty.call(message, "note"))
                object.note = message.note;
            return object;
        };

        /**
         * Converts this RecordingHeader to JSON.
         * @function toJSON
         * @memberof infrawatch.RecordingHeader
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        RecordingHeader.prototype.toJSON = function() {
            return RecordingHeader.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for RecordingHeader
         * @function getTypeUrl
         * @memberof infrawatch.RecordingHeader
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        RecordingHeader.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.RecordingHeader";
        };

        return RecordingHeader;
    })();

    infrawatch.RecordedTick = (function() {

        /**
         * Properties of a RecordedTick.
         * @typedef {Object} infrawatch.RecordedTick.$Properties
         * @property {number|null} [atMs] RecordedTick atMs
         * @property {number|Long|null} [unixMs] RecordedTick unixMs
         * @property {Array.<number>|null} [pids] RecordedTick pids
         * @property {Array.<infrawatch.RecordedFile.$Properties>|null} [stats] RecordedTick stats
         * @property {Array.<infrawatch.RecordedFile.$Properties>|null} [cmdlines] RecordedTick cmdlines
         * @property {Array.<infrawatch.RecordedFile.$Properties>|null} [statuses] RecordedTick statuses
         * @property {Array.<infrawatch.RecordedFile.$Properties>|null} [ios] RecordedTick ios
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a RecordedTick.
         * @memberof infrawatch
         * @interface IRecordedTick
         * @augments infrawatch.RecordedTick.$Properties
         * @deprecated Use infrawatch.RecordedTick.$Properties instead.
         */

        /**
         * Shape of a RecordedTick.
         * @typedef {infrawatch.RecordedTick.$Properties} infrawatch.RecordedTick.$Shape
         */

        /**
         * Constructs a new RecordedTick.
         * @memberof infrawatch
         * @classdesc Represents a RecordedTick.
         * @constructor
         * @param {infrawatch.RecordedTick.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const RecordedTick = function (properties) {
            this.pids = [];
            this.stats = [];
            this.cmdlines = [];
            this.statuses = [];
            this.ios = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * RecordedTick atMs.
         * @member {number} atMs
         * @memberof infrawatch.RecordedTick
         * @instance
         */
        RecordedTick.prototype.atMs = 0;

        /**
         * RecordedTick unixMs.
         * @member {number|Long} unixMs
         * @memberof infrawatch.RecordedTick
         * @instance
         */
        RecordedTick.prototype.unixMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * RecordedTick pids.
         * @member {Array.<number>} pids
         * @memberof infrawatch.RecordedTick
         * @instance
         */
        RecordedTick.prototype.pids = $util.emptyArray;

        /**
         * RecordedTick stats.
         * @member {Array.<infrawatch.RecordedFile.$Properties>} stats
         * @memberof infrawatch.RecordedTick
         * @instance
         */
        RecordedTick.prototype.stats = $util.emptyArray;

        /**
         * RecordedTick cmdlines.
         * @member {Array.<infrawatch.RecordedFile.$Properties>} cmdlines
         * @memberof infrawatch.RecordedTick
         * @instance
         */
        RecordedTick.prototype.cmdlines = $util.emptyArray;

        /**
         * RecordedTick statuses.
         * @member {Array.<infrawatch.RecordedFile.$Properties>} statuses
         * @memberof infrawatch.RecordedTick
         * @instance
         */
        RecordedTick.prototype.statuses = $util.emptyArray;

        /**
         * RecordedTick ios.
         * @member {Array.<infrawatch.RecordedFile.$Properties>} ios
         * @memberof infrawatch.RecordedTick
         * @instance
         */
        RecordedTick.prototype.ios = $util.emptyArray;

        /**
         * Creates a new RecordedTick instance using the specified properties.
         * @function create
         * @memberof infrawatch.RecordedTick
         * @static
         * @param {infrawatch.RecordedTick.$Properties=} [properties] Properties to set
         * @returns {infrawatch.RecordedTick} RecordedTick instance
         * @type {{
         *   (properties: infrawatch.RecordedTick.$Shape): infrawatch.RecordedTick & infrawatch.RecordedTick.$Shape;
         *   (properties?: infrawatch.RecordedTick.$Properties): infrawatch.RecordedTick;
         * }}
         */
        RecordedTick.create = function(properties) {
            return new RecordedTick(properties);
        };

        /**
         * Encodes the specified RecordedTick message. Does not implicitly {@link infrawatch.RecordedTick.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.RecordedTick
         * @static
         * @param {infrawatch.RecordedTick.$Properties} message RecordedTick message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RecordedTick.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs") && !$Object.is(message.atMs, 0))
                writer.uint32(/* id 1, wireType 1 =*/9).double(message.atMs);
            if (message.unixMs != null && $Object.hasOwnProperty.call(message, "unixMs") && (typeof message.unixMs === "object" ? message.unixMs.low || message.unixMs.high : message.unixMs !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).int64(message.unixMs);
            if (message.pids != null && message.pids.length)
                writer.uint32(/* id 3, wireType 2 =*/26).int32s(message.pids);
            if (message.stats != null && message.stats.length)
                for (let i = 0; i < message.stats.length; ++i)
                    $root.infrawatch.RecordedFile.encode(message.stats[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.cmdlines != null && message.cmdlines.length)
                for (let i = 0; i < message.cmdlines.length; ++i)
                    $root.infrawatch.RecordedFile.encode(message.cmdlines[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.statuses != null && message.statuses.length)
                for (let i = 0; i < message.statuses.length; ++i)
                    $root.infrawatch.RecordedFile.encode(message.statuses[i], writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.ios != null && message.ios.length)
                for (let i = 0; i < message.ios.length; ++i)
                    $root.infrawatch.RecordedFile.encode(message.ios[i], writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified RecordedTick message, length delimited. Does not implicitly {@link infrawatch.RecordedTick.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.RecordedTick
         * @static
         * @param {infrawatch.RecordedTick.$Properties} message RecordedTick message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RecordedTick.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a RecordedTick message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.RecordedTick
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.RecordedTick & infrawatch.RecordedTick.$Shape} RecordedTick
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RecordedTick.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.RecordedTick();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.atMs = value;
                        else
                            delete message.atMs;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                            message.unixMs = value;
                        else
                            delete message.unixMs;
                        continue;
                    }
                case 3: {
                        if (wireType === 2) {
                            if (!(message.pids && message.pids.length))
                                message.pids = [];
                            reader.int32s(message.pids);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.pids && message.pids.length))
                            message.pids = [];
                        message.pids.push(reader.int32());
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.stats && message.stats.length))
                            message.stats = [];
                        message.stats.push($root.infrawatch.RecordedFile.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.cmdlines && message.cmdlines.length))
                            message.cmdlines = [];
                        message.cmdlines.push($root.infrawatch.RecordedFile.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.statuses && message.statuses.length))
                            message.statuses = [];
                        message.statuses.push($root.infrawatch.RecordedFile.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if (!(message.ios && message.ios.length))
                            message.ios = [];
                        message.ios.push($root.infrawatch.RecordedFile.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a RecordedTick message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.RecordedTick
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.RecordedTick & infrawatch.RecordedTick.$Shape} RecordedTick
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RecordedTick.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a RecordedTick message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.RecordedTick
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.RecordedTick} RecordedTick
         */
        RecordedTick.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.RecordedTick)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.RecordedTick: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.RecordedTick();
            if (object.atMs != null)
                if (!$Object.is($Number(object.atMs), 0))
                    message.atMs = $Number(object.atMs);
            if (object.unixMs != null)
                if (typeof object.unixMs === "object" ? object.unixMs.low || object.unixMs.high : $Number(object.unixMs) !== 0)
                    if ($util.Long)
                        message.unixMs = $util.Long.fromValue(object.unixMs, false);
                    else if (typeof object.unixMs === "string")
                        message.unixMs = $parseInt(object.unixMs, 10);
                    else if (typeof object.unixMs === "number")
                        message.unixMs = object.unixMs;
                    else if (typeof object.unixMs === "object")
                        message.unixMs = new $util.LongBits(object.unixMs.low >>> 0, object.unixMs.high >>> 0).toNumber();
            if (object.pids) {
                if (!$Array.isArray(object.pids))
                    throw $TypeError(".infrawatch.RecordedTick.pids: array expected");
                message.pids = $Array(object.pids.length);
                for (let i = 0; i < object.pids.length; ++i)
                    message.pids[i] = object.pids[i] | 0;
            }
            if (object.stats) {
                if (!$Array.isArray(object.stats))
                    throw $TypeError(".infrawatch.RecordedTick.stats: array expected");
                message.stats = $Array(object.stats.length);
                for (let i = 0; i < object.stats.length; ++i) {
                    if (!$util.isObject(object.stats[i]))
                        throw $TypeError(".infrawatch.RecordedTick.stats: object expected");
                    message.stats[i] = $root.infrawatch.RecordedFile.fromObject(object.stats[i], _depth + 1);
                }
            }
            if (object.cmdlines) {
                if (!$Array.isArray(object.cmdlines))
                    throw $TypeError(".infrawatch.RecordedTick.cmdlines: array expected");
                message.cmdlines = $Array(object.cmdlines.length);
                for (let i = 0; i < object.cmdlines.length; ++i) {
                    if (!$util.isObject(object.cmdlines[i]))
                        throw $TypeError(".infrawatch.RecordedTick.cmdlines: object expected");
                    message.cmdlines[i] = $root.infrawatch.RecordedFile.fromObject(object.cmdlines[i], _depth + 1);
                }
            }
            if (object.statuses) {
                if (!$Array.isArray(object.statuses))
                    throw $TypeError(".infrawatch.RecordedTick.statuses: array expected");
                message.statuses = $Array(object.statuses.length);
                for (let i = 0; i < object.statuses.length; ++i) {
                    if (!$util.isObject(object.statuses[i]))
                        throw $TypeError(".infrawatch.RecordedTick.statuses: object expected");
                    message.statuses[i] = $root.infrawatch.RecordedFile.fromObject(object.statuses[i], _depth + 1);
                }
            }
            if (object.ios) {
                if (!$Array.isArray(object.ios))
                    throw $TypeError(".infrawatch.RecordedTick.ios: array expected");
                message.ios = $Array(object.ios.length);
                for (let i = 0; i < object.ios.length; ++i) {
                    if (!$util.isObject(object.ios[i]))
                        throw $TypeError(".infrawatch.RecordedTick.ios: object expected");
                    message.ios[i] = $root.infrawatch.RecordedFile.fromObject(object.ios[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a RecordedTick message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.RecordedTick
         * @static
         * @param {infrawatch.RecordedTick} message RecordedTick
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        RecordedTick.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.pids = [];
                object.stats = [];
                object.cmdlines = [];
                object.statuses = [];
                object.ios = [];
            }
            if (options.defaults) {
                object.atMs = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, false);
                    object.unixMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.unixMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.atMs != null && $Object.hasOwnProperty.call(message, "atMs"))
                object.atMs = options.json && !$isFinite(message.atMs) ? $String(message.atMs) : message.atMs;
            if (message.unixMs != null && $Object.hasOwnProperty.call(message, "unixMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.unixMs = typeof message.unixMs === "number" ? $BigInt(message.unixMs) : $util.Long.fromBits(message.unixMs.low >>> 0, message.unixMs.high >>> 0, false).toBigInt();
                else if (typeof message.unixMs === "number")
                    object.unixMs = options.longs === $String ? $String(message.unixMs) : message.unixMs;
                else
                    object.unixMs = options.longs === $String ? $util.Long.prototype.toString.call(message.unixMs) : options.longs === $Number ? new $util.LongBits(message.unixMs.low >>> 0, message.unixMs.high >>> 0).toNumber() : message.unixMs;
            if (message.pids && message.pids.length) {
                object.pids = $Array(message.pids.length);
                for (let j = 0; j < message.pids.length; ++j)
                    object.pids[j] = message.pids[j];
            }
            if (message.stats && message.stats.length) {
                object.stats = $Array(message.stats.length);
                for (let j = 0; j < message.stats.length; ++j)
                    object.stats[j] = $root.infrawatch.RecordedFile.toObject(message.stats[j], options, _depth + 1);
            }
            if (message.cmdlines && message.cmdlines.length) {
                object.cmdlines = $Array(message.cmdlines.length);
                for (let j = 0; j < message.cmdlines.length; ++j)
                    object.cmdlines[j] = $root.infrawatch.RecordedFile.toObject(message.cmdlines[j], options, _depth + 1);
            }
            if (message.statuses && message.statuses.length) {
                object.statuses = $Array(message.statuses.length);
                for (let j = 0; j < message.statuses.length; ++j)
                    object.statuses[j] = $root.infrawatch.RecordedFile.toObject(message.statuses[j], options, _depth + 1);
            }
            if (message.ios && message.ios.length) {
                object.ios = $Array(message.ios.length);
                for (let j = 0; j < message.ios.length; ++j)
                    object.ios[j] = $root.infrawatch.RecordedFile.toObject(message.ios[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this RecordedTick to JSON.
         * @function toJSON
         * @memberof infrawatch.RecordedTick
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        RecordedTick.prototype.toJSON = function() {
            return RecordedTick.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for RecordedTick
         * @function getTypeUrl
         * @memberof infrawatch.RecordedTick
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        RecordedTick.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.RecordedTick";
        };

        return RecordedTick;
    })();

    infrawatch.RecordedFile = (function() {

        /**
         * Properties of a RecordedFile.
         * @typedef {Object} infrawatch.RecordedFile.$Properties
         * @property {number|null} [pid] RecordedFile pid
         * @property {Uint8Array|null} [data] RecordedFile data
         * @property {boolean|null} [absent] RecordedFile absent
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a RecordedFile.
         * @memberof infrawatch
         * @interface IRecordedFile
         * @augments infrawatch.RecordedFile.$Properties
         * @deprecated Use infrawatch.RecordedFile.$Properties instead.
         */

        /**
         * Shape of a RecordedFile.
         * @typedef {infrawatch.RecordedFile.$Properties} infrawatch.RecordedFile.$Shape
         */

        /**
         * Constructs a new RecordedFile.
         * @memberof infrawatch
         * @classdesc Represents a RecordedFile.
         * @constructor
         * @param {infrawatch.RecordedFile.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const RecordedFile = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * RecordedFile pid.
         * @member {number} pid
         * @memberof infrawatch.RecordedFile
         * @instance
         */
        RecordedFile.prototype.pid = 0;

        /**
         * RecordedFile data.
         * @member {Uint8Array} data
         * @memberof infrawatch.RecordedFile
         * @instance
         */
        RecordedFile.prototype.data = $util.newBuffer([]);

        /**
         * RecordedFile absent.
         * @member {boolean} absent
         * @memberof infrawatch.RecordedFile
         * @instance
         */
        RecordedFile.prototype.absent = false;

        /**
         * Creates a new RecordedFile instance using the specified properties.
         * @function create
         * @memberof infrawatch.RecordedFile
         * @static
         * @param {infrawatch.RecordedFile.$Properties=} [properties] Properties to set
         * @returns {infrawatch.RecordedFile} RecordedFile instance
         * @type {{
         *   (properties: infrawatch.RecordedFile.$Shape): infrawatch.RecordedFile & infrawatch.RecordedFile.$Shape;
         *   (properties?: infrawatch.RecordedFile.$Properties): infrawatch.RecordedFile;
         * }}
         */
        RecordedFile.create = function(properties) {
            return new RecordedFile(properties);
        };

        /**
         * Encodes the specified RecordedFile message. Does not implicitly {@link infrawatch.RecordedFile.verify|verify} messages.
         * @function encode
         * @memberof infrawatch.RecordedFile
         * @static
         * @param {infrawatch.RecordedFile.$Properties} message RecordedFile message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RecordedFile.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.pid != null && $Object.hasOwnProperty.call(message, "pid") && message.pid !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.pid);
            if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.data);
            if (message.absent != null && $Object.hasOwnProperty.call(message, "absent") && message.absent !== false)
                writer.uint32(/* id 3, wireType 0 =*/24).bool(message.absent);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified RecordedFile message, length delimited. Does not implicitly {@link infrawatch.RecordedFile.verify|verify} messages.
         * @function encodeDelimited
         * @memberof infrawatch.RecordedFile
         * @static
         * @param {infrawatch.RecordedFile.$Properties} message RecordedFile message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RecordedFile.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a RecordedFile message from the specified reader or buffer.
         * @function decode
         * @memberof infrawatch.RecordedFile
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {infrawatch.RecordedFile & infrawatch.RecordedFile.$Shape} RecordedFile
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RecordedFile.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.infrawatch.RecordedFile();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.pid = value;
                        else
                            delete message.pid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.data = value;
                        else
                            delete message.data;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.absent = value;
                        else
                            delete message.absent;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a RecordedFile message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof infrawatch.RecordedFile
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {infrawatch.RecordedFile & infrawatch.RecordedFile.$Shape} RecordedFile
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RecordedFile.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Creates a RecordedFile message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof infrawatch.RecordedFile
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {infrawatch.RecordedFile} RecordedFile
         */
        RecordedFile.fromObject = function (object, _depth) {
            if (object instanceof $root.infrawatch.RecordedFile)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".infrawatch.RecordedFile: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.infrawatch.RecordedFile();
            if (object.pid != null)
                if ($Number(object.pid) !== 0)
                    message.pid = object.pid | 0;
            if (object.data != null)
                if (object.data.length)
                    if (typeof object.data === "string")
                        $util.base64.decode(object.data, message.data = $util.newBuffer($util.base64.length(object.data)), 0);
                    else if (object.data.length >= 0)
                        message.data = object.data;
            if (object.absent != null)
                if (object.absent)
                    message.absent = $Boolean(object.absent);
            return message;
        };

        /**
         * Creates a plain object from a RecordedFile message. Also converts values to other types if specified.
         * @function toObject
         * @memberof infrawatch.RecordedFile
         * @static
         * @param {infrawatch.RecordedFile} message RecordedFile
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        RecordedFile.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.pid = 0;
                if (options.bytes === $String)
                    object.data = "";
                else {
                    object.data = [];
                    if (options.bytes !== $Array)
                        object.data = $util.newBuffer(object.data);
                }
                object.absent = false;
            }
            if (message.pid != null && $Object.hasOwnProperty.call(message, "pid"))
                object.pid = message.pid;
            if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                object.data = options.bytes === $String ? $util.base64.encode(message.data, 0, message.data.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.data) : message.data;
            if (message.absent != null && $Object.hasOwnProperty.call(message, "absent"))
                object.absent = message.absent;
            return object;
        };

        /**
         * Converts this RecordedFile to JSON.
         * @function toJSON
         * @memberof infrawatch.RecordedFile
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        RecordedFile.prototype.toJSON = function() {
            return RecordedFile.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for RecordedFile
         * @function getTypeUrl
         * @memberof infrawatch.RecordedFile
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        RecordedFile.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/infrawatch.RecordedFile";
        };

        return RecordedFile;
    })();

    return infrawatch;
})();

export {
  $root as default
};
