// Reads the C2PA manifest store of a BMFF file (MP4, MOV) with the
// independent reader @trustnxt/c2pa-ts and prints what reel's tests check,
// as JSON: the validation status codes (with the BMFF hash's match or
// mismatch), the active manifest's actions and ingredients, the claim
// generator and the signer.
//   node read.mjs film.mp4
import * as fs from 'node:fs/promises';
import { BMFF } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';

// c2pa-ts 0.9.4 opens only HEIF brands (heic, mif1) as BMFF; its box
// reading, the C2PA box lookup and the BMFF hash are generic BMFF, so an
// MP4 or MOV is read through them as is.
BMFF.canRead = () => true;

const out = { found: false, valid: false, codes: [], failures: [], actions: [], ingredients: [] };
try {
    const asset = new BMFF(new Uint8Array(await fs.readFile(process.argv[2])));
    const jumbf = asset.getManifestJUMBF();
    if (jumbf) {
        out.found = true;
        let result;
        let store;
        try {
            store = ManifestStore.read(SuperBox.fromBuffer(jumbf));
            result = await store.validate(asset);
        } catch (e) {
            result = ValidationResult.fromError(e);
        }
        out.valid = result.isValid;
        for (const e of result.statusEntries) {
            out.codes.push(e.code);
            if (!e.success) out.failures.push({ code: e.code, url: e.url, explanation: e.explanation });
        }
        const m = store?.getActiveManifest();
        if (m) {
            out.label = m.label;
            out.claimGenerator = m.claim?.claimGeneratorName;
            out.title = m.claim?.title;
            out.signer = m.signature?.signatureData?.certificate?.subject;
            out.chain = m.signature?.signatureData?.chainCertificates?.length ?? 0;
            for (const a of m.assertions?.getActionAssertions() ?? []) {
                for (const act of a.actions) {
                    out.actions.push({
                        action: act.action,
                        digitalSourceType: act.digitalSourceType,
                        description: act.description ?? act.parameters?.description,
                        ingredients: act.parameters?.ingredients?.length ?? 0,
                    });
                }
            }
            for (const a of m.assertions?.assertions ?? []) {
                if (a.label?.startsWith('c2pa.ingredient')) {
                    out.ingredients.push({ title: a.title, format: a.format, relationship: a.relationship });
                }
            }
        }
    }
} catch (e) {
    out.error = String(e?.message ?? e);
}
console.log(JSON.stringify(out));
