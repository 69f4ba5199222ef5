// A package and its version, as the snapshot reports it: what the package
// databases (dpkg, rpm) and the Python environments are read into. Its own
// module, not snapshot.ts: snapshot.ts imports those readers, and their
// importing the type back from it made import cycles.

export interface PackageVersion {
  name: string;
  version: string;
}
