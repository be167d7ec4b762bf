"""Calibrated coefficients of the rate model (written by benchmarks/calibrate_rate_model.py).

Do not edit by hand: rerun ``python benchmarks/calibrate_rate_model.py`` after the DFN table
(tests/data/dfn_envelope.csv, benchmarks/dfn_envelope.py) changes.

``CALIBRATED``: the shape coefficients of RateModelParameters, fitted by soft-L1 least
squares on every row of the table. ``VALIDITY``: the table's range; outside it the model
extrapolates. ``FIT_ERRORS``: absolute utilisation error against the DFN per parameter set;
``CROSS_VALIDATION``: the same for each set predicted by coefficients fitted without it.
"""

CALIBRATED = {'cathode_diffusivity_exponent': 1.22171,
 'anode_concentration_span': 0.37588,
 'anode_reach': 1.23035,
 'depletion_onset': 0.82473,
 'depletion_onset_moving_zone': 0.84581,
 'cliff_sharpness': 11.25552,
 'tail_exponent': 1.51259,
 'local_rate_exponent': 1.17337,
 'surface_overshoot': -0.00121,
 'anode_overshoot': -0.03507,
 'margin_exponent': 0.31858,
 'floor_coefficient': 2.34658,
 'floor_rate_exponent': 0.1228,
 'onset_conductivity_exponent': 0.03853}

VALIDITY = {'parameter_sets': ['Chen2020',
                    'Ecker2015',
                    'Marquis2019',
                    'NCA_Kim2011',
                    'ORegan2022',
                    'Prada2013'],
 'positive_porosity': [0.226, 0.496],
 'positive_thickness_um': [30.0, 400.0],
 'areal_capacity_mah_per_cm2': [0.77, 26.61],
 'c_rate_per_h': [0.05, 2.0],
 'positive_bruggeman_exponent': [1.5, 2.5],
 'positive_tortuosity': [1.420, 7.330],
 'particle_radius_um': [0.05, 10.0],
 'current_density_a_per_m2': [0.0, 532.18]}

FIT_ERRORS = {'Chen2020': {'max_abs_error': 0.1027, 'mean_abs_error': 0.0159, 'rows': 168},
 'Ecker2015': {'max_abs_error': 0.0705, 'mean_abs_error': 0.0077, 'rows': 120},
 'Prada2013': {'max_abs_error': 0.1122, 'mean_abs_error': 0.0083, 'rows': 151},
 'Marquis2019': {'max_abs_error': 0.0705, 'mean_abs_error': 0.026, 'rows': 120},
 'NCA_Kim2011': {'max_abs_error': 0.1178, 'mean_abs_error': 0.0222, 'rows': 120},
 'ORegan2022': {'max_abs_error': 0.1515, 'mean_abs_error': 0.0259, 'rows': 120},
 'all': {'max_abs_error': 0.1515, 'mean_abs_error': 0.0172, 'rows': 799}}

CROSS_VALIDATION = {'Chen2020': {'max_abs_error': 0.1282, 'mean_abs_error': 0.0174, 'rows': 168},
 'Ecker2015': {'max_abs_error': 0.0905, 'mean_abs_error': 0.0099, 'rows': 120},
 'Prada2013': {'max_abs_error': 0.2998, 'mean_abs_error': 0.0479, 'rows': 151},
 'Marquis2019': {'max_abs_error': 0.2228, 'mean_abs_error': 0.0509, 'rows': 120},
 'NCA_Kim2011': {'max_abs_error': 0.1518, 'mean_abs_error': 0.0277, 'rows': 120},
 'ORegan2022': {'max_abs_error': 0.1452, 'mean_abs_error': 0.027, 'rows': 120}}
