import { DX_GEOMETRY, dxChestPixels } from './dx-phantom.js';
import { commonModules } from './modules.js';
import { binary, ds, type DemoDataset } from './part10.js';
import type { DemoStudySpec } from './patients.js';

export const DX_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.1';

const code = (CodeValue: string, CodingSchemeDesignator: string, CodeMeaning: string) => ({ CodeValue, CodingSchemeDesignator, CodeMeaning });

/** Digital X-Ray Image Storage – For Presentation (PS3.3 A.26): one PA chest radiograph. */
export function dxChestDataset(spec: DemoStudySpec): DemoDataset {
  const { rows, columns, spacing, bitsStored } = DX_GEOMETRY;
  const pixels = dxChestPixels();
  return {
    ...commonModules(spec, {
      sopClassUid: DX_FOR_PRESENTATION,
      instanceNumber: 1,
      modality: 'DX',
      seriesNumber: 1,
      seriesDescription: '胸部 后前位',
      manufacturerModel: 'TeleRead Synthetic DR',
    }),
    ImageType: ['ORIGINAL', 'PRIMARY'],
    AcquisitionDate: spec.date,
    AcquisitionTime: spec.time,
    AcquisitionDateTime: `${spec.date}${spec.time}`,
    PresentationIntentType: 'FOR PRESENTATION',
    AcquisitionContextSequence: [],
    PositionerType: 'COLUMN',
    BodyPartExamined: 'CHEST',
    AnatomicRegionSequence: [code('51185008', 'SCT', 'Thorax')],
    ImageLaterality: 'U',
    ViewPosition: 'PA',
    ViewCodeSequence: [code('399348003', 'SCT', 'postero-anterior')],
    PatientOrientation: ['L', 'F'],
    KVP: '120',
    ExposureTime: 8,
    XRayTubeCurrent: 250,
    Exposure: 2,
    DistanceSourceToDetector: '1800',
    DetectorType: 'SCINTILLATOR',
    DetectorConfiguration: 'AREA',
    ImagerPixelSpacing: [ds(spacing), ds(spacing)],
    // The image is not calibrated to the patient plane; PixelSpacing equals ImagerPixelSpacing.
    PixelSpacing: [ds(spacing), ds(spacing)],
    PixelSpacingCalibrationType: 'GEOMETRY',
    PixelSpacingCalibrationDescription: '未校正放大率 / detector plane',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: bitsStored,
    HighBit: bitsStored - 1,
    PixelRepresentation: 0,
    PixelIntensityRelationship: 'LOG',
    // Higher stored values mean less X-ray intensity at the detector (bone bright).
    PixelIntensityRelationshipSign: -1,
    RescaleIntercept: '0',
    RescaleSlope: '1',
    RescaleType: 'US',
    PresentationLUTShape: 'IDENTITY',
    WindowCenter: ['1750', '1900'],
    WindowWidth: ['3000', '1800'],
    WindowCenterWidthExplanation: ['STANDARD', 'CONTRAST'],
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
    QualityControlImage: 'NO',
    PixelData: binary(pixels),
    _vrMap: { PixelData: 'OW' },
  };
}
