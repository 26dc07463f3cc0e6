import { useCallback, useEffect, useMemo, useState } from 'react';
import { useClient } from '../../api/ClientContext.js';
import { resolvePlatform } from '../../platform/bridge.js';
import { EcgPage } from './EcgPage.js';
import { EcgReportSide } from './EcgReportSide.js';
import type { EcgSource } from './load.js';
import type { ReaderMeasurements } from './measurements.js';

/**
 * The ECG reading screen in the shell (route `#/ecg/:studyUid`): token from the shell session, hub
 * from the platform settings ('' = this page's origin). The report panel sits beside the paper for
 * ECG readers, and receives the reader's accepted/overridden measurements.
 */
export function EcgRoute({ studyUid, onClose, onMeasurementsChange }: { studyUid: string; onClose(): void; onMeasurementsChange?(v: ReaderMeasurements): void }) {
  const client = useClient();
  const [hubUrl, setHubUrl] = useState<string | null>(null);
  const [values, setValues] = useState<ReaderMeasurements>({});
  const onValues = useCallback(
    (v: ReaderMeasurements) => {
      setValues(v);
      onMeasurementsChange?.(v);
    },
    [onMeasurementsChange],
  );
  useEffect(() => {
    let live = true;
    resolvePlatform()
      .getSettings()
      .then(
        (s) => live && setHubUrl(s.hubUrl ?? ''),
        () => live && setHubUrl(''),
      );
    return () => {
      live = false;
    };
  }, []);
  const source = useMemo<EcgSource | null>(
    () =>
      hubUrl === null
        ? null
        : {
            root: `${hubUrl.replace(/\/+$/, '') || window.location.origin}/dicomweb`,
            getToken: async () => (await client.session.accessToken()) ?? '',
            fetch: (input, init) => fetch(input, init),
          },
    [hubUrl, client],
  );
  if (!source) return null;
  return (
    <div className="ecg-read" data-testid="ecg-read">
      <div className="ecg-read-main">
        <EcgPage studyUid={studyUid} source={source} onClose={onClose} onMeasurementsChange={onValues} />
      </div>
      <EcgReportSide studyUid={studyUid} values={values} />
    </div>
  );
}
