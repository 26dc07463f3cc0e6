import { CT_GEOMETRY, CT_ORIGIN, ctSliceHu, sliceZ } from './ct-phantom.js';
import { commonModules, studyUids } from './modules.js';
import { binary, ds, type DemoDataset } from './part10.js';
import type { DemoStudySpec } from './patients.js';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
/**
 * Stored values are HU + 1024 in signed 16-bit words (PixelRepresentation 1, BitsStored 16) with
 * RescaleIntercept −1024 and slope 1, as many scanners write them: a viewer that forgets the
 * rescale shows air near 0 instead of −1000, which the tests catch.
 */
export const CT_RESCALE_INTERCEPT = -1024;

/** The dataset of CT slice `index` (0 = most superior); InstanceNumber is index + 1. */
export function ctSliceDataset(spec: DemoStudySpec, index: number): DemoDataset {
  const { size, spacing, sliceSpacing } = CT_GEOMETRY;
  const hu = ctSliceHu(index);
  const stored = new Int16Array(hu.length);
  let min = 32767;
  let max = -32768;
  for (let i = 0; i < hu.length; i++) {
    const v = hu[i] - CT_RESCALE_INTERCEPT;
    stored[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const z = sliceZ(index);
  const instanceNumber = index + 1;
  const seconds = 12 + index; // one slice every second of a 09:15 scan, for a plausible AcquisitionTime
  const mm = String(15 + Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return {
    ...commonModules(spec, {
      sopClassUid: CT_IMAGE_STORAGE,
      instanceNumber,
      modality: 'CT',
      seriesNumber: 2,
      seriesDescription: '胸部增强 动脉期 2.5mm',
      manufacturerModel: 'TeleRead Synthetic CT',
    }),
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    AcquisitionDate: spec.date,
    AcquisitionTime: `09${mm}${ss}`,
    ContentTime: `09${mm}${ss}`,
    AcquisitionNumber: 1,
    BodyPartExamined: 'CHEST',
    ContrastBolusAgent: '碘海醇 350',
    ContrastBolusRoute: 'IV',
    ScanOptions: 'HELICAL',
    SliceThickness: ds(sliceSpacing),
    SpacingBetweenSlices: ds(sliceSpacing),
    KVP: '120',
    DataCollectionDiameter: '500',
    ReconstructionDiameter: ds(size * spacing, 1),
    DistanceSourceToDetector: '1040',
    DistanceSourceToPatient: '570',
    GantryDetectorTilt: '0',
    TableHeight: '160',
    RotationDirection: 'CW',
    ExposureTime: 500,
    XRayTubeCurrent: 200,
    Exposure: 100,
    ConvolutionKernel: 'STANDARD',
    PatientPosition: 'HFS',
    FrameOfReferenceUID: studyUids(spec.key).frameOfReference,
    PositionReferenceIndicator: '',
    ImagePositionPatient: [ds(CT_ORIGIN), ds(CT_ORIGIN), ds(z)],
    ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
    SliceLocation: ds(z),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: size,
    Columns: size,
    PixelSpacing: [ds(spacing), ds(spacing)],
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    SmallestImagePixelValue: min,
    LargestImagePixelValue: max,
    // Mediastinal preset first (the default), lung preset second.
    WindowCenter: ['40', '-600'],
    WindowWidth: ['400', '1500'],
    WindowCenterWidthExplanation: ['MEDIASTINUM', 'LUNG'],
    RescaleIntercept: ds(CT_RESCALE_INTERCEPT),
    RescaleSlope: '1',
    RescaleType: 'HU',
    LossyImageCompression: '00',
    PixelData: binary(stored),
    _vrMap: { PixelData: 'OW', SmallestImagePixelValue: 'SS', LargestImagePixelValue: 'SS' },
  };
}
